//===- WarningFlags.cpp - forksafe's checks as warning flags --------------===//

#include "WarningFlags.h"
#include "clang/Basic/DiagnosticLex.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include <functional>

using namespace clang;

namespace forksafe {

std::bitset<NumChecks> checksOfWarningName(llvm::StringRef Name, bool &Ours) {
  std::bitset<NumChecks> Checks;
  Ours = Name == "forksafe" || Name.starts_with("forksafe-");
  if (Name == "forksafe")
    return Checks.set();
  if (Name.consume_front("forksafe-"))
    for (unsigned I = 0; I != NumChecks; ++I)
      if (checkName(static_cast<CheckId>(I)) == Name)
        Checks.set(I);
  return Checks;
}

namespace {

void forEachCheck(const std::bitset<NumChecks> &Checks,
                  llvm::function_ref<void(CheckMapping &)> Change,
                  CheckMappings &Mappings) {
  for (unsigned I = 0; I != NumChecks; ++I)
    if (Checks.test(I))
      Change(Mappings[I]);
}

/// The text of a pragma from its introducer: what follows `#pragma` on its
/// line (continued lines joined), or the string of `_Pragma("...")`
/// unescaped. None for Microsoft's __pragma and for what cannot be read.
std::optional<std::string> pragmaText(SourceLocation Loc,
                                      PragmaIntroducerKind Introducer,
                                      const SourceManager &SM) {
  bool Invalid = false;
  const char *Start = SM.getCharacterData(SM.getSpellingLoc(Loc), &Invalid);
  if (Invalid)
    return std::nullopt;
  llvm::StringRef Rest(Start);
  if (Introducer == PIK_HashPragma) {
    Rest = Rest.drop_front().ltrim(" \t");
    if (!Rest.consume_front("pragma"))
      return std::nullopt;
    std::string Line;
    for (;;) {
      size_t End = Rest.find_first_of("\r\n");
      llvm::StringRef Part = Rest.substr(0, End);
      if (!Part.ends_with("\\") || End == llvm::StringRef::npos)
        return Line + Part.str();
      Line += Part.drop_back().str() + " ";
      Rest = Rest.substr(End).ltrim("\r\n");
    }
  }
  if (Introducer != PIK__Pragma || !Rest.consume_front("_Pragma"))
    return std::nullopt;
  Rest = Rest.ltrim(" \t");
  if (!Rest.consume_front("(") || !(Rest = Rest.ltrim(" \t")).consume_front("\""))
    return std::nullopt;
  std::string Text;
  for (size_t I = 0; I < Rest.size() && Rest[I] != '"'; ++I) {
    if (Rest[I] == '\\' && I + 1 < Rest.size())
      ++I;
    Text += Rest[I];
  }
  return Text;
}

/// Reads the `clang diagnostic` and `GCC diagnostic` pragmas of a
/// translation unit, in the order the preprocessor meets them.
class PragmaRecorder : public PPCallbacks {
public:
  PragmaRecorder(const SourceManager &SM,
                 std::shared_ptr<std::vector<DiagnosticPragma>> Pragmas)
      : SM(SM), Pragmas(std::move(Pragmas)) {}

  void PragmaDirective(SourceLocation Loc,
                       PragmaIntroducerKind Introducer) override {
    std::optional<std::string> Text = pragmaText(Loc, Introducer, SM);
    if (!Text)
      return;
    llvm::SmallVector<llvm::StringRef, 4> Words;
    llvm::StringRef(*Text).split(Words, ' ', -1, /*KeepEmpty=*/false);
    if (Words.size() < 3 || (Words[0] != "clang" && Words[0] != "GCC") ||
        Words[1] != "diagnostic")
      return;
    std::optional<DiagnosticPragma::Kind> Kind =
        llvm::StringSwitch<std::optional<DiagnosticPragma::Kind>>(Words[2])
            .Case("push", DiagnosticPragma::Push)
            .Case("pop", DiagnosticPragma::Pop)
            .Case("ignored", DiagnosticPragma::Ignored)
            .Case("warning", DiagnosticPragma::Warning)
            .Case("error", DiagnosticPragma::Error)
            .Case("fatal", DiagnosticPragma::Error)
            .Default(std::nullopt);
    if (!Kind)
      return;
    DiagnosticPragma Pragma{*Kind, SM.getExpansionLoc(Loc), {}};
    if (*Kind != DiagnosticPragma::Push && *Kind != DiagnosticPragma::Pop) {
      llvm::StringRef Name =
          Words.size() > 3 ? Words[3].trim("\"") : llvm::StringRef();
      bool Ours = false;
      if (!Name.consume_front("-W") ||
          (Pragma.Checks = checksOfWarningName(Name, Ours)).none())
        return;
    }
    Pragmas->push_back(Pragma);
  }

  // Defined in Clang, not in its header, with a signature that changed
  // between versions: left to Clang, the symbol would be needed to load
  // the plugin at all, and a plugin loaded into another Clang could not say
  // why it refuses to run there (test/robustness/other-clang.c).
  void HasInclude(SourceLocation, llvm::StringRef, bool, OptionalFileEntryRef,
                  SrcMgr::CharacteristicKind) override {}

private:
  const SourceManager &SM;
  std::shared_ptr<std::vector<DiagnosticPragma>> Pragmas;
};

/// Passes every diagnostic on to the consumer it replaces, but Clang's
/// "unknown warning group" for a pragma that names forksafe's checks.
class UnknownGroupFilter : public DiagnosticConsumer {
public:
  UnknownGroupFilter(DiagnosticConsumer &Next,
                     std::unique_ptr<DiagnosticConsumer> Owned)
      : Next(Next), Owned(std::move(Owned)) {}

  void BeginSourceFile(const LangOptions &LangOpts,
                       const Preprocessor *PP) override {
    Next.BeginSourceFile(LangOpts, PP);
    takeCounts();
  }
  void EndSourceFile() override {
    Next.EndSourceFile();
    takeCounts();
  }
  void finish() override {
    Next.finish();
    takeCounts();
  }
  bool IncludeInDiagnosticCounts() const override {
    return Next.IncludeInDiagnosticCounts();
  }
  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    if (namesOurChecks(Info))
      return;
    Next.HandleDiagnostic(Level, Info);
    takeCounts();
  }

private:
  /// The counts Clang reads from its consumer, as the one replaced keeps
  /// them: -verify's counts only what it did not expect.
  void takeCounts() {
    NumWarnings = Next.getNumWarnings();
    NumErrors = Next.getNumErrors();
  }

  static bool namesOurChecks(const Diagnostic &Info) {
    if (Info.getID() != diag::warn_pragma_diagnostic_unknown_warning ||
        Info.getNumArgs() == 0 ||
        Info.getArgKind(0) != DiagnosticsEngine::ak_std_string)
      return false;
    llvm::StringRef Name = Info.getArgStdStr(0);
    bool Ours = false;
    return Name.consume_front("-W") && checksOfWarningName(Name, Ours).any();
  }

  DiagnosticConsumer &Next;
  std::unique_ptr<DiagnosticConsumer> Owned;
};

} // namespace

WarningFlags::WarningFlags(const Options &Opts,
                           llvm::ArrayRef<std::string> Warnings)
    : Pragmas(std::make_shared<std::vector<DiagnosticPragma>>()) {
  for (unsigned I = 0; I != NumChecks; ++I)
    CommandLine[I].On = Opts.Enabled.test(I);
  for (llvm::StringRef Warning : Warnings) {
    if (Warning == "everything") {
      for (CheckMapping &M : CommandLine)
        M.On = true;
      continue;
    }
    llvm::StringRef Name = Warning;
    std::function<void(CheckMapping &)> Change = [](CheckMapping &M) {
      M.On = true;
    };
    if (Name.consume_front("no-error="))
      Change = [](CheckMapping &M) {
        M.Error = false;
        M.NoError = true;
      };
    else if (Name.consume_front("error="))
      Change = [](CheckMapping &M) { M = {true, true, false}; };
    else if (Name.consume_front("no-"))
      Change = [](CheckMapping &M) { M.On = false; };
    bool Ours = false;
    std::bitset<NumChecks> Checks = checksOfWarningName(Name, Ours);
    if (Ours && Checks.none())
      Unknown.push_back(Warning.str());
    forEachCheck(Checks, Change, CommandLine);
  }
}

std::bitset<NumChecks> WarningFlags::checksToRun() const {
  std::bitset<NumChecks> Run;
  for (unsigned I = 0; I != NumChecks; ++I)
    Run[I] = CommandLine[I].On;
  for (const DiagnosticPragma &P : *Pragmas)
    if (P.K == DiagnosticPragma::Warning || P.K == DiagnosticPragma::Error)
      Run |= P.Checks;
  return Run;
}

void WarningFlags::watch(CompilerInstance &CI) {
  CI.getPreprocessor().addPPCallbacks(
      std::make_unique<PragmaRecorder>(CI.getSourceManager(), Pragmas));
  DiagnosticsEngine &Diags = CI.getDiagnostics();
  DiagnosticConsumer &Next = *Diags.getClient();
  std::unique_ptr<DiagnosticConsumer> Owned =
      Diags.ownsClient() ? Diags.takeClient() : nullptr;
  // The filter lives as long as the process, and the DiagnosticsEngine does
  // not own it: the engine may outlive this plugin's consumer, and other
  // parts of Clang swap consumers around it (-fixit's rewriter takes the
  // consumer it finds, and gives it back, owned or not, when it is done).
  static std::vector<std::unique_ptr<UnknownGroupFilter>> Filters;
  Filters.push_back(
      std::make_unique<UnknownGroupFilter>(Next, std::move(Owned)));
  Diags.setClient(Filters.back().get(), /*ShouldOwnClient=*/false);
}

CheckSeverity WarningFlags::severityAt(CheckId Check, SourceLocation Loc,
                                       const SourceManager &SM,
                                       bool WarningsAsErrors,
                                       bool IgnoreWarnings) const {
  const unsigned I = static_cast<unsigned>(Check);
  CheckMapping Now = CommandLine[I];
  std::vector<CheckMapping> Pushed;
  SourceLocation At = SM.getExpansionLoc(Loc);
  for (const DiagnosticPragma &P : *Pragmas) {
    if (!SM.isBeforeInTranslationUnit(P.Loc, At))
      break;
    switch (P.K) {
    case DiagnosticPragma::Push:
      Pushed.push_back(Now);
      break;
    case DiagnosticPragma::Pop:
      if (!Pushed.empty()) {
        Now = Pushed.back();
        Pushed.pop_back();
      }
      break;
    default:
      if (P.Checks.test(I))
        Now = {P.K != DiagnosticPragma::Ignored, P.K == DiagnosticPragma::Error,
               false};
    }
  }
  // As Clang ranks them: -w silences warnings, not what was made an error
  // by name; -Werror makes errors of the warnings -w left.
  if (!Now.On)
    return CheckSeverity::Ignored;
  if (Now.Error)
    return CheckSeverity::Error;
  if (IgnoreWarnings)
    return CheckSeverity::Ignored;
  return WarningsAsErrors && !Now.NoError ? CheckSeverity::Error
                                          : CheckSeverity::Warning;
}

} // namespace forksafe
