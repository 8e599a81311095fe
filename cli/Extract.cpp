//===- Extract.cpp - Models of a compilation database's units -------------===//

#include "Extract.h"
#include "ClangCompat.h"
#include "ModelBuilder.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/FileManager.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include <mutex>

using namespace clang;
using namespace clang::tooling;

namespace forksafe {

namespace {

/// Builds the model at the end of the translation unit, as the plugin does.
class ModelConsumer : public ASTConsumer {
public:
  ModelConsumer(std::optional<Program> &Out, const Options &Opts)
      : Out(Out), Opts(Opts) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (Ctx.getDiagnostics().hasErrorOccurred())
      return;
    Out = ModelBuilder(Ctx, Opts).build();
  }

private:
  std::optional<Program> &Out;
  const Options &Opts;
};

class ModelAction : public ASTFrontendAction {
public:
  ModelAction(std::optional<Program> &Out, const Options &Opts)
      : Out(Out), Opts(Opts) {}

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &,
                                                 llvm::StringRef) override {
    return std::make_unique<ModelConsumer>(Out, Opts);
  }

private:
  std::optional<Program> &Out;
  const Options &Opts;
};

std::string absolute(llvm::StringRef Dir, llvm::StringRef Path) {
  llvm::SmallString<256> Result(Path);
  if (!llvm::sys::path::is_absolute(Result)) {
    Result = Dir;
    llvm::sys::path::append(Result, Path);
  }
  llvm::sys::path::remove_dots(Result, /*remove_dot_dot=*/true);
  return Result.str().str();
}

enum class FlagMatch { Exact, Prefix };

struct GccOnlyFlag {
  llvm::StringLiteral Spelling;
  FlagMatch Match;
};

constexpr GccOnlyFlag GccOnlyFlags[] = {
#define GCC_ONLY_FLAG(Spelling, Match) {Spelling, FlagMatch::Match},
#include "GccOnlyFlags.def"
};

bool clangRefuses(llvm::StringRef Arg) {
  return llvm::any_of(GccOnlyFlags, [&](const GccOnlyFlag &Flag) {
    return Flag.Match == FlagMatch::Exact ? Arg == Flag.Spelling
                                          : Arg.starts_with(Flag.Spelling);
  });
}

CommandLineArguments withoutGccOnlyFlags(const CommandLineArguments &Args,
                                         llvm::StringRef) {
  CommandLineArguments Kept;
  for (size_t I = 0; I != Args.size(); ++I)
    if (I == 0 || !clangRefuses(Args[I]))
      Kept.push_back(Args[I]);
  return Kept;
}

/// A compile-and-link command (bear records "gcc a.o b.o main.c -o prog" as
/// the compile of main.c) names objects and libraries, which the analysis
/// has no use for and Clang would warn of on the console.
CommandLineArguments withoutLinkerInputs(const CommandLineArguments &Args,
                                         llvm::StringRef) {
  CommandLineArguments Kept;
  for (size_t I = 0; I != Args.size(); ++I) {
    llvm::StringRef Extension = llvm::sys::path::extension(Args[I]);
    bool LinkerInput = I != 0 && !llvm::StringRef(Args[I]).starts_with("-") &&
                       llvm::is_contained({".o", ".a", ".so", ".lo"}, Extension);
    if (!LinkerInput)
      Kept.push_back(Args[I]);
  }
  return Kept;
}

/// The first error of a unit's diagnostics, without the source lines
/// clang prints under it.
std::string firstError(llvm::StringRef Errors) {
  llvm::SmallVector<llvm::StringRef, 16> Lines;
  Errors.split(Lines, '\n');
  for (llvm::StringRef Line : Lines)
    if (Line.contains("error: "))
      return Line.str();
  return "the compiler gave up without an error";
}

ExtractedUnit extractOne(const CompileCommand &Command, const ExtractOptions &Opts) {
  ExtractedUnit Unit;
  Unit.File = absolute(Command.Directory, Command.Filename);
  Unit.Key = unitKey(Command);
  // A file system of its own, in the command's directory: threads do not
  // share a working directory.
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS =
      llvm::vfs::createPhysicalFileSystem();
  FS->setCurrentWorkingDirectory(Command.Directory);
  llvm::IntrusiveRefCntPtr<FileManager> Files(
      new FileManager(FileSystemOptions(), FS));
  llvm::raw_string_ostream Errors(Unit.Errors);
  OwnedDiagnosticOptions DiagOpts = makeDiagnosticOptions();
  TextDiagnosticPrinter Printer(Errors, diagnosticOptionsArgument(DiagOpts));
  ToolInvocation Invocation(analysisCommand(Command, Opts),
                            std::make_unique<ModelAction>(Unit.Model, Opts.Settings),
                            Files.get());
  Invocation.setDiagnosticConsumer(&Printer);
  Invocation.setDiagnosticOptions(DiagOpts.get());
  if (!Invocation.run() || Printer.getNumErrors()) {
    Unit.Model.reset();
    Unit.FirstError = firstError(Unit.Errors);
  }
  return Unit;
}

} // namespace

std::vector<std::string> analysisCommand(const CompileCommand &Command,
                                         const ExtractOptions &Opts) {
  ArgumentsAdjuster Adjust = nullptr;
  for (ArgumentsAdjuster Step : std::initializer_list<ArgumentsAdjuster>{
           getClangSyntaxOnlyAdjuster(), getClangStripOutputAdjuster(),
       getClangStripDependencyFileAdjuster(), withoutGccOnlyFlags,
       withoutLinkerInputs,
       getInsertArgumentAdjuster(Opts.ArgsAfter, ArgumentInsertPosition::END),
       getInsertArgumentAdjuster(Opts.ArgsBefore, ArgumentInsertPosition::BEGIN),
       getInsertArgumentAdjuster(
           {"-w", "-Qunused-arguments",
            "-resource-dir=" FORKSAFE_CLANG_RESOURCE_DIR},
           ArgumentInsertPosition::BEGIN)})
    Adjust = combineAdjusters(std::move(Adjust), Step);
  return Adjust(Command.CommandLine, Command.Filename);
}

std::string unitKey(const CompileCommand &Command) {
  return absolute(Command.Directory, Command.Filename) + "\n" +
         (Command.Output.empty() ? ""
                                 : absolute(Command.Directory, Command.Output));
}

std::vector<ExtractedUnit> extractUnits(const CompilationDatabase &DB,
                                        llvm::ArrayRef<std::string> Files,
                                        const ExtractOptions &Opts) {
  std::vector<CompileCommand> Commands;
  if (Files.empty()) {
    Commands = DB.getAllCompileCommands();
  } else {
    for (const std::string &File : Files)
      for (CompileCommand &C : DB.getCompileCommands(File))
        Commands.push_back(std::move(C));
  }
  std::vector<ExtractedUnit> Units(Commands.size());
  size_t Done = 0;
  std::mutex ProgressLock;
  {
    llvm::DefaultThreadPool Pool(llvm::hardware_concurrency(Opts.Jobs));
    for (size_t I = 0; I != Commands.size(); ++I)
      Pool.async([&, I] {
        Units[I] = extractOne(Commands[I], Opts);
        if (!Opts.Progress)
          return;
        std::lock_guard<std::mutex> Guard(ProgressLock);
        llvm::errs() << "[" << ++Done << "/" << Commands.size() << "] "
                     << Units[I].File << "\n";
      });
    Pool.wait();
  }
  return Units;
}

} // namespace forksafe
