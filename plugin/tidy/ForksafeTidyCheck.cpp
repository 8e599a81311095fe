//===- ForksafeTidyCheck.cpp - forksafe's checks as clang-tidy checks -----===//

#include "ForksafeTidyCheck.h"
#include "Config.h"
#include "Finding.h"
#include "ModelBuilder.h"
#include "UnitTriage.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <deque>
#include <mutex>

using namespace clang;
using namespace clang::ast_matchers;

namespace forksafe {

namespace {

/// The CheckOptions of every forksafe check, and the option each stands for
/// in the plugin's arguments and .forksafe.yaml.
struct TidyOption {
  llvm::StringLiteral TidyName;
  llvm::StringLiteral OptionName;
};
constexpr TidyOption TidyOptions[] = {
    {"Profile", "profile"}, {"Threads", "threads"}, {"Unknown", "unknown"}};

/// Whether two option sets give the same findings.
bool sameAnalysis(const Options &A, const Options &B) {
  return A.Enabled == B.Enabled && A.SafetyProfile == B.SafetyProfile &&
         A.Threads == B.Threads && A.Unknown == B.Unknown;
}

/// Findings as the diagnostics, fix-its and notes of one clang-tidy check.
class TidyReporter : public Reporter {
public:
  TidyReporter(tidy::ClangTidyCheck &Check, const ModelBuilder &Builder)
      : Check(Check), Builder(Builder) {}

  void report(const Finding &F) override {
    {
      DiagnosticBuilder D = Check.diag(Builder.location(F.Pos), "%0");
      D << F.Message;
      for (const TextEdit &Edit : F.Fixes)
        D << Builder.fixIt(Edit);
    }
    for (const Note &N : F.Notes)
      Check.diag(Builder.location(N.Pos), "%0", DiagnosticIDs::Note)
          << N.Message;
  }

private:
  tidy::ClangTidyCheck &Check;
  const ModelBuilder &Builder;
};

} // namespace

/// The settings of the .forksafe.yaml found upward from the main file.
static llvm::Expected<forksafe::Options>
projectOptions(const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  forksafe::Options Project;
  OptionalFileEntryRef Main = SM.getFileEntryRefForID(SM.getMainFileID());
  if (!Main)
    return Project;
  if (std::optional<std::string> Path =
          findConfigFile(llvm::sys::path::parent_path(Main->getName())))
    if (llvm::Error E = applyConfigFile(*Path, Project))
      return E;
  return Project;
}

/// What the forksafe checks share of one translation unit: the project's
/// settings (or why they could not be read), the model built with its
/// knowledge, and the findings of each distinct set of options.
struct TranslationUnitState {
  explicit TranslationUnitState(ASTContext &Ctx) {
    llvm::Expected<forksafe::Options> Read = projectOptions(Ctx);
    if (!Read) {
      ProjectError = llvm::toString(Read.takeError());
      return;
    }
    Project = std::move(*Read);
    LoweringPlan Plan = planLowering(Ctx, Knowledge(Project->Project));
    if (Plan.What == LoweringPlan::Nothing)
      return;
    Builder.emplace(Ctx, *Project);
    Model = Builder->build(Plan.only());
  }

  /// The findings under Opts; none where the unit has no model.
  const std::vector<Finding> &findings(const forksafe::Options &Opts) {
    static const std::vector<Finding> NoFindings;
    if (!Builder)
      return NoFindings;
    for (const auto &[RunOpts, Found] : Runs)
      if (sameAnalysis(RunOpts, Opts))
        return Found;
    Runs.emplace_back(Opts, runChecks(Model, Opts));
    return Runs.back().second;
  }

  std::optional<forksafe::Options> Project;
  std::string ProjectError;
  std::optional<ModelBuilder> Builder;
  Program Model;
  /// A deque: the findings handed out stay where they are as runs are added.
  std::deque<std::pair<forksafe::Options, std::vector<Finding>>> Runs;
  /// Configuration errors already said in this unit.
  llvm::StringSet<> Said;
};

/// The units being checked. clangd checks several at once on several
/// threads, with the same check factories, so the map is locked; a unit is
/// only ever touched by the thread that checks it.
class TranslationUnitFindings {
public:
  TranslationUnitState &unit(ASTContext &Ctx) {
    {
      std::lock_guard<std::mutex> Guard(Lock);
      auto It = Units.find(&Ctx);
      if (It != Units.end())
        return *It->second;
    }
    // Built unlocked: no other thread checks this unit.
    auto Built = std::make_unique<TranslationUnitState>(Ctx);
    TranslationUnitState &Result = *Built;
    std::lock_guard<std::mutex> Guard(Lock);
    Units[&Ctx] = std::move(Built);
    return Result;
  }

  void forget(const ASTContext &Ctx) {
    std::lock_guard<std::mutex> Guard(Lock);
    Units.erase(&Ctx);
  }

private:
  std::mutex Lock;
  llvm::DenseMap<const ASTContext *, std::unique_ptr<TranslationUnitState>> Units;
};

std::shared_ptr<TranslationUnitFindings> makeTranslationUnitFindings() {
  return std::make_shared<TranslationUnitFindings>();
}

static bool ConfigurationErrorsOnTheFile = false;

void reportConfigurationErrorsOnTheFile() {
  ConfigurationErrorsOnTheFile = true;
}

ForksafeTidyCheck::ForksafeTidyCheck(
    StringRef Name, tidy::ClangTidyContext *Context, CheckId Check,
    std::shared_ptr<TranslationUnitFindings> Findings)
    : ClangTidyCheck(Name, Context), Context(*Context), Check(Check),
      Findings(std::move(Findings)) {}

void ForksafeTidyCheck::storeOptions(tidy::ClangTidyOptions::OptionMap &Opts) {
  for (const TidyOption &Option : TidyOptions)
    if (std::optional<StringRef> Value = Options.get(Option.TidyName))
      Options.store(Opts, Option.TidyName, *Value);
}

void ForksafeTidyCheck::registerMatchers(MatchFinder *Finder) {
  // The analysis is of the whole unit (calls cross functions), so the one
  // match is the unit itself.
  Finder->addMatcher(translationUnitDecl().bind("unit"), this);
}

std::optional<forksafe::Options>
ForksafeTidyCheck::optionsFor(const forksafe::Options &Project) {
  forksafe::Options Opts = Project;
  for (const TidyOption &Option : TidyOptions) {
    std::optional<StringRef> Value = Options.getLocalOrGlobal(Option.TidyName);
    if (!Value)
      continue;
    if (llvm::Error E =
            applyOption((Option.OptionName + "=" + *Value).str(), Opts)) {
      sayOnce(("invalid value for option '" + Option.TidyName +
              "': " + llvm::toString(std::move(E)))
                  .str());
      return std::nullopt;
    }
  }
  // The checks clang-tidy runs, not those of .forksafe.yaml: the host's
  // selection wins, as every host's options do.
  for (unsigned I = 0; I != NumChecks; ++I)
    Opts.Enabled[I] = Context.isCheckEnabled(
        ("forksafe-" + checkName(static_cast<CheckId>(I))).str());
  return Opts;
}

void ForksafeTidyCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  if (Ctx.getDiagnostics().hasFatalErrorOccurred())
    return;
  Analysed = &Ctx;
  Unit = &Findings->unit(Ctx);
  if (!Unit->Project) {
    sayOnce(Unit->ProjectError);
    return;
  }
  std::optional<forksafe::Options> Opts = optionsFor(*Unit->Project);
  if (!Opts)
    return;
  const std::vector<Finding> &Found = Unit->findings(*Opts);
  if (Found.empty())
    return;
  TidyReporter Reporter(*this, *Unit->Builder);
  for (const Finding &F : Found)
    if (F.Check == Check)
      Reporter.report(F);
}

void ForksafeTidyCheck::onEndOfTranslationUnit() {
  // Every check has seen the unit by now: matching is over. The first
  // check here frees it; the others find it gone.
  if (Analysed)
    Findings->forget(*Analysed);
  Unit = nullptr;
  Analysed = nullptr;
}

void ForksafeTidyCheck::sayOnce(const std::string &Error) {
  // Each check reads the same settings; one error is enough.
  if (!Unit->Said.insert(Error).second)
    return;
  if (!ConfigurationErrorsOnTheFile) {
    configurationDiag("%0", DiagnosticIDs::Error) << Error;
    return;
  }
  const SourceManager &SM = Analysed->getSourceManager();
  diag(SM.getLocForStartOfFile(SM.getMainFileID()), "bad forksafe settings: %0",
       DiagnosticIDs::Error)
      << Error;
  llvm::errs() << "E[forksafe] " << Error << "\n";
}

} // namespace forksafe
