//===- ForksafeMain.cpp - The forksafe command ----------------------------===//
//
// Whole-program analysis: the models of every translation unit, built here
// from a compilation database or read from the summaries the plugin wrote
// during the build, merged into one program and checked as the plugin
// checks one translation unit.
//
// Exit status: 0 when nothing is reported, 1 when something is, 2 when the
// input or the command line is wrong (and then nothing is reported).
//
//===----------------------------------------------------------------------===//

#include "Config.h"
#include "Extract.h"
#include "Finding.h"
#include "Output.h"
#include "Suppression.h"
#include "model/Merge.h"
#include "model/Summary.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/WithColor.h"
#include <map>

using namespace llvm;

namespace forksafe {
namespace {

/// The command line. Made in main, not at load time: an option of LLVM's
/// own is called -threads, and must make way for ours first.
struct Flags {
  cl::OptionCategory Category{"forksafe options"};
  cl::opt<std::string> BuildPath{
      "p", cl::desc("Build directory holding compile_commands.json"),
      cl::value_desc("dir"), cl::cat(Category)};
  cl::opt<std::string> SummariesDir{
      "summaries",
      cl::desc("Read the summaries the plugin wrote with "
               "-fplugin-arg-forksafe-summary-dir=<dir> instead of compiling"),
      cl::value_desc("dir"), cl::cat(Category)};
  cl::list<std::string> Files{cl::Positional,
                              cl::desc("[<source file>...] (default: all)"),
                              cl::cat(Category)};
  cl::opt<unsigned> Jobs{"j",
                         cl::desc("Translation units compiled at once "
                                  "(default: one per core)"),
                         cl::init(0), cl::cat(Category)};
  cl::opt<std::string> SarifFile{"sarif", cl::desc("Write a SARIF 2.1.0 log"),
                                 cl::value_desc("file"), cl::cat(Category)};
  cl::opt<std::string> FixesFile{
      "export-fixes",
      cl::desc("Write the fix-its as YAML for clang-apply-replacements"),
      cl::value_desc("file"), cl::cat(Category)};
  cl::opt<std::string> BaselineFile{
      "baseline",
      cl::desc("Report only what an earlier run's SARIF log does not hold"),
      cl::value_desc("file"), cl::cat(Category)};
  cl::opt<std::string> WriteSummaries{
      "write-summaries",
      cl::desc("Also write the summaries of the translation units compiled"),
      cl::value_desc("dir"), cl::cat(Category)};
  cl::opt<std::string> Checks{"checks",
                              cl::desc("Checks to run, as a glob list "
                                       "('-*,exit-in-child')"),
                              cl::cat(Category)};
  cl::opt<std::string> Profile{"profile", cl::desc("posix or glibc"),
                               cl::cat(Category)};
  cl::opt<std::string> Threads{"threads", cl::desc("auto, assume or none"),
                               cl::cat(Category)};
  cl::opt<std::string> Unknown{"unknown", cl::desc("ignore or unsafe"),
                               cl::cat(Category)};
  cl::opt<bool> WarningsAsErrors{"warnings-as-errors",
                                 cl::desc("Report findings as errors"),
                                 cl::cat(Category)};
  cl::opt<std::string> Config{
      "config",
      cl::desc("The .forksafe.yaml to use (default: found upward from the "
               "current directory, and from each file for its checks)"),
      cl::value_desc("file"), cl::cat(Category)};
};

[[noreturn]] void fail(const Twine &Message) {
  WithColor::error(errs(), "forksafe") << Message << "\n";
  std::exit(2);
}

void check(Error E, const Twine &Context = "") {
  if (E)
    fail(Context + toString(std::move(E)));
}

Options commandLineOptions(const Flags &Args) {
  Options Opts;
  std::optional<std::string> Config =
      Args.Config.empty() ? findConfigFile(".") : std::optional(Args.Config.getValue());
  if (Config)
    check(applyConfigFile(*Config, Opts));
  auto Apply = [&](StringRef Name, const std::string &Value) {
    if (!Value.empty())
      check(applyOption((Name + "=" + Value).str(), Opts));
  };
  Apply("checks", Args.Checks);
  Apply("profile", Args.Profile);
  Apply("threads", Args.Threads);
  Apply("unknown", Args.Unknown);
  if (Args.WarningsAsErrors)
    Opts.WarningsAsErrors = true;
  return Opts;
}

std::vector<Program> compileUnits(const Flags &Args, const Options &Opts) {
  std::string Why;
  std::unique_ptr<clang::tooling::CompilationDatabase> DB =
      clang::tooling::CompilationDatabase::loadFromDirectory(Args.BuildPath, Why);
  if (!DB)
    fail("cannot load the compilation database of '" + Args.BuildPath +
         "': " + Why);
  std::vector<std::string> Wanted;
  // Not getCompileCommands(), which makes up a command for a file the
  // database does not hold.
  std::vector<std::string> Known = DB->getAllFiles();
  for (const std::string &F : Args.Files) {
    SmallString<256> Path(F);
    sys::fs::make_absolute(Path);
    sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
    if (!llvm::is_contained(Known, Path.str()))
      fail("'" + F + "' is not in the compilation database of '" + Args.BuildPath +
           "'");
    Wanted.push_back(Path.str().str());
  }
  ExtractOptions Extract;
  Extract.Jobs = Args.Jobs;
  Extract.Progress = sys::Process::StandardErrIsDisplayed();
  Extract.Settings = Opts;
  std::vector<ExtractedUnit> Units = extractUnits(*DB, Wanted, Extract);
  if (Units.empty())
    fail("the compilation database of '" + Args.BuildPath + "' holds no command");
  unsigned Broken = 0;
  for (const ExtractedUnit &U : Units)
    if (!U.Model) {
      errs() << U.Errors;
      ++Broken;
    }
  if (Broken)
    fail(Twine(Broken) + " of " + Twine(Units.size()) +
         " translation units did not compile; nothing is reported");
  std::vector<Program> Models;
  for (ExtractedUnit &U : Units) {
    if (!Args.WriteSummaries.empty())
      check(writeSummaryFile(*U.Model, Args.WriteSummaries,
                             sys::path::filename(U.File), U.Key),
            "cannot write the summary of '" + U.File + "': ");
    Models.push_back(std::move(*U.Model));
  }
  return Models;
}

std::vector<Program> readSummaries(const Flags &Args) {
  std::error_code EC;
  std::vector<std::string> Paths;
  for (sys::fs::directory_iterator It(Args.SummariesDir, EC), End; It != End && !EC;
       It.increment(EC))
    if (sys::path::extension(It->path()) == SummaryExtension)
      Paths.push_back(It->path());
  if (EC)
    fail("cannot read the directory '" + Args.SummariesDir + "': " + EC.message());
  if (Paths.empty())
    fail("no summaries (*" + SummaryExtension + ") in '" + Args.SummariesDir + "'");
  // The same program whatever order the directory lists them in.
  llvm::sort(Paths);
  std::vector<Program> Models;
  for (const std::string &Path : Paths) {
    auto Buffer = MemoryBuffer::getFile(Path);
    if (!Buffer)
      fail("cannot read '" + Path + "': " + Buffer.getError().message());
    Expected<Program> Model = readSummary((*Buffer)->getBuffer());
    if (!Model)
      fail("'" + Path + "': " + toString(Model.takeError()));
    Models.push_back(std::move(*Model));
  }
  return Models;
}

/// The checks each file's nearest configuration enables (a project's
/// subdirectory may turn some off for its own files), with --checks over
/// them; with --config, that file's for every file.
class PerFileChecks {
public:
  PerFileChecks(const Program &P, const Options &Global, const Flags &Args)
      : P(P), Global(Global), Args(Args) {}

  bool enabled(const Finding &F) {
    if (!Args.Config.empty())
      return Global.isEnabled(F.Check);
    std::string Dir = sys::path::parent_path(P.Files[F.Pos.File].Path).str();
    auto [It, New] = ByDir.try_emplace(Dir);
    if (New) {
      Options Opts;
      if (std::optional<std::string> Config = findConfigFile(Dir))
        check(applyConfigFile(*Config, Opts));
      if (!Args.Checks.empty())
        check(applyCheckGlobs(Args.Checks, Opts));
      It->second = Opts.Enabled;
    }
    return It->second.test(static_cast<unsigned>(F.Check));
  }

private:
  const Program &P;
  const Options &Global;
  const Flags &Args;
  std::map<std::string, std::bitset<NumChecks>> ByDir;
};

bool suppressed(const Finding &F, SourceTexts &Sources,
                std::map<uint32_t, std::unique_ptr<Suppressions>> &Comments) {
  std::unique_ptr<Suppressions> &Mine = Comments[F.Pos.File];
  if (!Mine)
    Mine = std::make_unique<Suppressions>(Sources.text(F.Pos.File));
  return Mine->suppresses(F.Pos.Offset, ("forksafe-" + checkName(F.Check)).str());
}

/// An output file, opened before the analysis runs: one that cannot be
/// written is an error before anything is reported.
std::unique_ptr<raw_fd_ostream> openOutput(StringRef Path) {
  if (Path.empty())
    return nullptr;
  std::error_code EC;
  auto Out = std::make_unique<raw_fd_ostream>(Path, EC);
  if (EC)
    fail("cannot write '" + Path + "': " + EC.message());
  return Out;
}

/// Where the check pages are: installed under the program's prefix
/// (share/doc/forksafe/docs), or in the source tree for a program run from
/// its build tree.
std::string docsUri() {
  static int Anchor;
  SmallString<256> Docs(sys::path::parent_path(sys::path::parent_path(
      sys::fs::getMainExecutable("forksafe", &Anchor))));
  sys::path::append(Docs, "share", "doc", "forksafe", "docs");
  if (!sys::fs::is_directory(Docs))
    Docs = FORKSAFE_SOURCE_DOCS;
  return ("file://" + Docs).str();
}

int run(const Flags &Args) {
  if (Args.BuildPath.empty() == Args.SummariesDir.empty())
    fail("give one of -p <build dir> and --summaries <dir>");
  if (!Args.SummariesDir.empty() && !Args.Files.empty())
    fail("source files are chosen from a compilation database (-p), not "
         "from summaries");
  Options Opts = commandLineOptions(Args);
  std::unique_ptr<raw_fd_ostream> Sarif = openOutput(Args.SarifFile);
  std::unique_ptr<raw_fd_ostream> Fixes = openOutput(Args.FixesFile);
  std::optional<StringSet<>> Baseline;
  if (!Args.BaselineFile.empty()) {
    Expected<StringSet<>> Read = readBaseline(Args.BaselineFile);
    if (!Read)
      fail(toString(Read.takeError()));
    Baseline = std::move(*Read);
  }

  Program Whole = mergePrograms(Args.BuildPath.empty() ? readSummaries(Args)
                                                       : compileUnits(Args, Opts));
  SourceTexts Sources(Whole);
  PerFileChecks Checks(Whole, Opts, Args);
  std::map<uint32_t, std::unique_ptr<Suppressions>> Comments;
  // Every check runs; each finding is kept or dropped by its own file's
  // settings before one finding per place is chosen.
  Options Analysis = Opts;
  if (Args.Config.empty())
    Analysis.Enabled.set();
  std::vector<Finding> All = runChecks(Whole, Analysis, [&](const Finding &F) {
    return Checks.enabled(F) && !suppressed(F, Sources, Comments);
  });
  // By file name, then place: the order of the translation units, or of the
  // summaries in their directory, does not show.
  llvm::stable_sort(All, [&](const Finding &L, const Finding &R) {
    return std::make_tuple(StringRef(Whole.Files[L.Pos.File].Path),
                           L.Pos.Offset, L.Check) <
           std::make_tuple(StringRef(Whole.Files[R.Pos.File].Path),
                           R.Pos.Offset, R.Check);
  });
  std::vector<std::string> AllPrints = fingerprints(All, Sources);
  std::vector<Finding> Findings;
  std::vector<std::string> Prints;
  for (size_t I = 0; I != All.size(); ++I)
    if (!Baseline || !Baseline->contains(AllPrints[I])) {
      Findings.push_back(std::move(All[I]));
      Prints.push_back(AllPrints[I]);
    }

  OutputOptions Out;
  Out.WarningsAsErrors = Opts.WarningsAsErrors;
  Out.DocsUri = docsUri();
  printText(Findings, Sources, Out, outs());
  if (Sarif)
    *Sarif << sarifLog(Findings, Prints, Sources, Out);
  if (Fixes)
    *Fixes << fixesYaml(Findings, Sources);
  return Findings.empty() ? 0 : 1;
}

} // namespace
} // namespace forksafe

int main(int argc, const char **argv) {
  llvm::InitLLVM Init(argc, argv);
  // LLVM's hidden -threads (a thread count) would take ours.
  llvm::StringMap<llvm::cl::Option *> &Registered =
      llvm::cl::getRegisteredOptions();
  if (auto It = Registered.find("threads"); It != Registered.end())
    It->second->removeArgument();
  forksafe::Flags Args;
  llvm::cl::HideUnrelatedOptions(Args.Category);
  llvm::cl::SetVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "forksafe " << FORKSAFE_VERSION << " (LLVM " << LLVM_VERSION_STRING
       << ")\n";
  });
  if (!llvm::cl::ParseCommandLineOptions(
          argc, argv,
          "forksafe: fork-safety bugs across a whole program\n\n"
          "  forksafe -p <build dir> [files...]\n"
          "  forksafe --summaries <dir>\n",
          &llvm::errs()))
    return 2;
  return forksafe::run(Args);
}
