//===- ForksafePlugin.cpp - The -fplugin entry point ----------------------===//
//
// clang -fplugin=forksafe.so runs this action after the main one: at the end
// of the translation unit it lowers the AST into the model, runs the checks
// and reports what they find as diagnostics.
//
//===----------------------------------------------------------------------===//

#include "ClangReporter.h"
#include "Finding.h"
#include "ModelBuilder.h"
#include "Options.h"
#include "model/ModelDump.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "llvm/Support/TimeProfiler.h"

using namespace clang;

namespace forksafe {

namespace {

class ForksafeConsumer : public ASTConsumer {
public:
  explicit ForksafeConsumer(Options Opts) : Opts(std::move(Opts)) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    // After a fatal error the AST is cut short; say nothing about it.
    if (Ctx.getDiagnostics().hasFatalErrorOccurred())
      return;
    // What forksafe costs shows in clang's -ftime-trace output.
    llvm::TimeTraceScope Whole("forksafe");
    ModelBuilder Builder(Ctx);
    Program P = [&] {
      llvm::TimeTraceScope Scope("forksafe model");
      return Builder.build();
    }();
    if (Opts.DumpModel)
      dumpProgram(P, llvm::outs());
    ClangReporter Reporter(Ctx.getDiagnostics(), Ctx.getSourceManager(),
                           Builder, Opts.WarningsAsErrors);
    reportFindings(P, Opts, Reporter);
  }

private:
  Options Opts;
};

class ForksafeAction : public PluginASTAction {
public:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &,
                                                 StringRef) override {
    return std::make_unique<ForksafeConsumer>(Opts);
  }

  bool ParseArgs(const CompilerInstance &CI,
                 const std::vector<std::string> &Args) override {
    llvm::Expected<Options> Parsed = parseOptions(Args);
    if (!Parsed) {
      DiagnosticsEngine &Diags = CI.getDiagnostics();
      Diags.Report(Diags.getCustomDiagID(DiagnosticsEngine::Error,
                                         "forksafe: %0"))
          << llvm::toString(Parsed.takeError());
      return false;
    }
    Opts = std::move(*Parsed);
    return true;
  }

  ActionType getActionType() override { return AddAfterMainAction; }

private:
  Options Opts;
};

} // namespace

} // namespace forksafe

static FrontendPluginRegistry::Add<forksafe::ForksafeAction>
    X("forksafe", "find fork-safety bugs: unsafe calls in forked children, "
                  "forks while threads run");
