//===- ForksafePlugin.cpp - The -fplugin entry point ----------------------===//
//
// clang -fplugin=forksafe.so runs this action after the main one: at the end
// of the translation unit it lowers the AST into the model, runs the checks
// and reports what they find as diagnostics.
//
//===----------------------------------------------------------------------===//

#include "ClangReporter.h"
#include "Config.h"
#include "Finding.h"
#include "HostClang.h"
#include "ModelBuilder.h"
#include "Options.h"
#include "UnitTriage.h"
#include "WarningFlags.h"
#include "model/ModelDump.h"
#include "model/Summary.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/DiagnosticLex.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/TimeProfiler.h"

using namespace clang;

namespace forksafe {

namespace {

class ForksafeConsumer : public ASTConsumer {
public:
  ForksafeConsumer(Options Opts, std::unique_ptr<WarningFlags> Flags,
                   std::string MainFile, std::string Output)
      : Opts(std::move(Opts)), Flags(std::move(Flags)),
        MainFile(std::move(MainFile)), Output(std::move(Output)) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    // After a fatal error the AST is cut short; say nothing about it.
    if (Ctx.getDiagnostics().hasFatalErrorOccurred())
      return;
    // What forksafe costs shows in clang's -ftime-trace output.
    llvm::TimeTraceScope Whole("forksafe");
    // A model only to dump or to merge with other units' is built whole.
    bool FullModel = Opts.DumpModel || !Opts.SummaryDir.empty();
    LoweringPlan Plan;
    if (!FullModel) {
      llvm::TimeTraceScope Scope("forksafe triage");
      Plan = planLowering(Ctx, Knowledge(Opts.Project));
    }
    if (Plan.What == LoweringPlan::Nothing) {
      reportUnknownWarningOptions(Ctx.getDiagnostics());
      return;
    }
    ModelBuilder Builder(Ctx, Opts);
    Program P = [&] {
      llvm::TimeTraceScope Scope("forksafe model",
                                 [&] { return Plan.summary(); });
      return Builder.build(Plan.only());
    }();
    if (Opts.DumpModel) {
      llvm::outs() << "profile: " << profileName(effectiveProfile(Opts, P))
                   << (Opts.SafetyProfile == Profile::Auto ? " (auto)" : "")
                   << "\n";
      dumpProgram(P, llvm::outs());
    }
    if (!Opts.SummaryDir.empty())
      writeSummary(P, Ctx.getDiagnostics());
    reportUnknownWarningOptions(Ctx.getDiagnostics());
    ClangReporter Reporter(Ctx.getDiagnostics(), Ctx.getSourceManager(),
                           Builder, *Flags, Opts.WarningsAsErrors);
    Options Run = Opts;
    Run.Enabled = Flags->checksToRun();
    for (const Finding &F :
         runChecks(P, Run, [&](const Finding &F) { return Reporter.wants(F); }))
      Reporter.report(F);
  }

private:
  void writeSummary(const Program &P, DiagnosticsEngine &Diags) const {
    // The same file compiled twice, with other flags into another object,
    // is another translation unit with a summary of its own.
    // A summary that cannot be written leaves the object file as good as
    // ever, so it fails the compile only where warnings do; the warning
    // says that the whole-program run will lack this unit.
    if (llvm::Error E = writeSummaryFile(P, Opts.SummaryDir,
                                         llvm::sys::path::filename(MainFile),
                                         MainFile + "\n" + Output)) {
      bool AsError = Opts.WarningsAsErrors || Diags.getWarningsAsErrors();
      if (!AsError && Diags.getIgnoreAllWarnings())
        return;
      Diags.Report(Diags.getCustomDiagID(
          AsError ? DiagnosticsEngine::Error : DiagnosticsEngine::Warning,
          "forksafe: no summary of this unit: %0"))
          << llvm::toString(std::move(E));
    }
  }

  /// A -W option in forksafe's names that names no check. Clang said so
  /// already, unless told not to with -Wno-unknown-warning-option, which
  /// users of these options give: then this says it.
  void reportUnknownWarningOptions(DiagnosticsEngine &Diags) const {
    if (!Diags.isIgnored(diag::warn_pragma_diagnostic_unknown_warning, {}))
      return;
    for (const std::string &Unknown : Flags->unknownOptions())
      Diags.Report(Diags.getCustomDiagID(
          DiagnosticsEngine::Warning,
          "forksafe: unknown warning option '-W%0'; forksafe's are "
          "-Wforksafe and -Wforksafe-<check>, with a check of "
          "'forksafe --list-checks'"))
          << Unknown;
  }

  Options Opts;
  std::unique_ptr<WarningFlags> Flags;
  std::string MainFile;
  std::string Output;
};

class ForksafeAction : public PluginASTAction {
public:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef InFile) override {
    // As the forksafe command keys the summaries it writes, from the
    // compilation database: absolute paths without dots.
    auto Absolute = [](llvm::StringRef Path) -> std::string {
      if (Path.empty())
        return "";
      llvm::SmallString<256> Result(Path);
      llvm::sys::fs::make_absolute(Result);
      llvm::sys::path::remove_dots(Result, /*remove_dot_dot=*/true);
      return Result.str().str();
    };
    auto Flags =
        std::make_unique<WarningFlags>(Opts, CI.getDiagnosticOpts().Warnings);
    Flags->watch(CI);
    return std::make_unique<ForksafeConsumer>(
        Opts, std::move(Flags), Absolute(InFile),
        Absolute(CI.getFrontendOpts().OutputFile));
  }

  bool ParseArgs(const CompilerInstance &CI,
                 const std::vector<std::string> &Args) override {
    if (llvm::Error E = parse(CI, Args)) {
      DiagnosticsEngine &Diags = CI.getDiagnostics();
      Diags.Report(Diags.getCustomDiagID(DiagnosticsEngine::Error,
                                         "forksafe: %0"))
          << llvm::toString(std::move(E));
      return false;
    }
    return true;
  }

  ActionType getActionType() override { return AddAfterMainAction; }

private:
  /// The settings of the project's .forksafe.yaml (named, or found upward
  /// from the source file), then the plugin's arguments over them.
  llvm::Error parse(const CompilerInstance &CI,
                    const std::vector<std::string> &Args) {
    llvm::Expected<Options> Given = parseOptions(Args);
    if (!Given)
      return Given.takeError();
    std::optional<std::string> Config;
    if (!Given->ConfigFile.empty())
      Config = Given->ConfigFile;
    else if (!CI.getFrontendOpts().Inputs.empty() &&
             CI.getFrontendOpts().Inputs[0].isFile())
      Config = findConfigFile(llvm::sys::path::parent_path(
          CI.getFrontendOpts().Inputs[0].getFile()));
    if (Config)
      if (llvm::Error E = applyConfigFile(*Config, Opts))
        return E;
    for (const std::string &Arg : Args)
      if (llvm::Error E = applyOption(Arg, Opts))
        return E;
    return llvm::Error::success();
  }

  Options Opts;
};

} // namespace

} // namespace forksafe

namespace {

/// Registers the action when the plugin is loaded, in the Clang it was built
/// for only: in another major version the compiler would crash (built for
/// 19 in clang 22, for 22 in clang 19 or 14). The error ends the compile, as
/// Clang's own "unable to load plugin" error does.
struct Registration {
  Registration() {
    forksafe::exitUnlessHostClangMatches("this plugin");
    static FrontendPluginRegistry::Add<forksafe::ForksafeAction> Action(
        "forksafe", "find fork-safety bugs: unsafe calls in forked children, "
                    "forks while threads run");
  }
} Register;

} // namespace
