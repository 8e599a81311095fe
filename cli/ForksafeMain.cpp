//===- ForksafeMain.cpp - The forksafe command ----------------------------===//
//
// Whole-program analysis: the models of every translation unit, built here
// from a compilation database or read from the summaries the plugin wrote
// during the build, merged into one program and checked as the plugin
// checks one translation unit.
//
// Exit status (docs/whole-program.md): 0 when nothing is reported, 1 when
// something is, 2 when the input or the command line is wrong (and then
// nothing is reported); 4 added when some translation units did not compile
// and the findings are those of the others.
//
//===----------------------------------------------------------------------===//

#include "Analyse.h"
#include "CheckPages.h"
#include "Config.h"
#include "Extract.h"
#include "Finding.h"
#include "JsonScan.h"
#include "Output.h"
#include "Suppression.h"
#include "model/Merge.h"
#include "model/Summary.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
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
                         cl::init(0), cl::Prefix, cl::cat(Category)};
  cl::list<std::string> ExtraArgs{
      "extra-arg", cl::desc("An argument to append to every compile command"),
      cl::value_desc("arg"), cl::cat(Category)};
  cl::list<std::string> ExtraArgsBefore{
      "extra-arg-before",
      cl::desc("An argument to put before the others of every compile command"),
      cl::value_desc("arg"), cl::cat(Category)};
  cl::opt<std::string> SarifFile{
      "sarif",
      cl::desc("Write a SARIF 2.1.0 log ('-': to standard output, instead "
               "of the text)"),
      cl::value_desc("file"), cl::cat(Category)};
  cl::opt<std::string> FixesFile{
      "export-fixes",
      cl::desc("Write the fix-its as YAML for clang-apply-replacements ('-': "
               "to standard output, instead of the text)"),
      cl::value_desc("file"), cl::cat(Category)};
  cl::opt<std::string> SourceRoot{
      "source-root",
      cl::desc("The directory SARIF names files relative to (%SRCROOT%; "
               "default: the one that holds every translation unit)"),
      cl::value_desc("dir"), cl::cat(Category)};
  cl::opt<std::string> AutomationId{
      "automation-id",
      cl::desc("SARIF runAutomationDetails.id: the category of this analysis "
               "in GitHub code scanning"),
      cl::value_desc("id"), cl::cat(Category)};
  cl::opt<std::string> DocsUrl{
      "docs-url",
      cl::desc("Where the check pages are published: SARIF links each rule "
               "to <url>/<check>.md"),
      cl::value_desc("url"), cl::cat(Category)};
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
  cl::opt<std::string> Profile{"profile",
                               cl::desc("auto (glibc for *-linux-gnu targets, "
                                        "posix otherwise), posix or glibc"),
                               cl::cat(Category)};
  cl::opt<std::string> Threads{
      "threads",
      cl::desc("auto (library code, without a main, judged as "
               "a library), program, assume or none"),
      cl::cat(Category)};
  cl::opt<std::string> Unknown{"unknown", cl::desc("ignore or unsafe"),
                               cl::cat(Category)};
  cl::opt<bool> WarningsAsErrors{"warnings-as-errors",
                                 cl::desc("Report findings as errors"),
                                 cl::cat(Category)};
  cl::opt<bool> ListChecks{"list-checks", cl::desc("List the checks and exit"),
                           cl::cat(Category)};
  cl::opt<std::string> Explain{"explain",
                               cl::desc("Print the page of a check and exit"),
                               cl::value_desc("check"), cl::cat(Category)};
  cl::opt<bool> Quiet{"quiet", cl::desc("No progress, no summary on stderr"),
                      cl::cat(Category)};
  cl::alias QuietShort{"q", cl::desc("Alias for --quiet"), cl::aliasopt(Quiet),
                       cl::cat(Category)};
  cl::opt<std::string> Color{"color",
                             cl::desc("Colours in the text: auto (on a "
                                      "terminal), always or never"),
                             cl::init("auto"), cl::value_desc("when"),
                             cl::cat(Category)};
  cl::opt<std::string> Config{
      "config",
      cl::desc("The .forksafe.yaml to use (default: found upward from the "
               "current directory, and from each file for its checks)"),
      cl::value_desc("file"), cl::cat(Category)};
};

enum ExitStatus : int {
  ExitClean = 0,
  ExitFindings = 1,
  ExitError = 2,
  /// Added to the others: some translation units did not compile.
  ExitUnitsFailed = 4,
};

bool ColorsOnStderr = false;

/// An output file, written to a temporary file beside it and renamed into
/// place when the run completes: one that exists afterwards is whole, and
/// a run that fails leaves none behind. "-" is the standard output.
class OutputFile {
public:
  static std::vector<OutputFile *> &pending() {
    static std::vector<OutputFile *> Files;
    return Files;
  }

  explicit OutputFile(std::string Path) : Path(std::move(Path)) {}
  ~OutputFile() { discard(); }

  /// Creates the temporary file: an output that cannot be written is an
  /// error before anything is analysed.
  Error open() {
    if (isStandardOutput())
      return Error::success();
    Expected<sys::fs::TempFile> Made = sys::fs::TempFile::create(
        Path + "-%%%%%%.tmp", sys::fs::all_read | sys::fs::all_write);
    if (!Made)
      return createStringError(inconvertibleErrorCode(), "cannot write '%s': %s",
                               Path.c_str(), toString(Made.takeError()).c_str());
    Temp.emplace(std::move(*Made));
    pending().push_back(this);
    return Error::success();
  }

  Error commit(StringRef Text) {
    if (isStandardOutput()) {
      outs() << Text;
      return flushStandardOutput();
    }
    {
      raw_fd_ostream OS(Temp->FD, /*shouldClose=*/false);
      OS << Text;
      OS.flush();
      if (std::error_code EC = OS.error()) {
        // A stream destroyed with its error set aborts the process.
        OS.clear_error();
        return createStringError(EC, "cannot write '%s': %s", Path.c_str(),
                                 EC.message().c_str());
      }
    }
    Error Kept = Temp->keep(Path);
    Temp.reset();
    llvm::erase(pending(), this);
    return Kept;
  }

  bool isStandardOutput() const { return Path == "-"; }

  /// Writes out what the standard output holds: a write error is the run's
  /// error, not LLVM's abort when the stream is destroyed.
  static Error flushStandardOutput() {
    outs().flush();
    std::error_code EC = outs().error();
    if (!EC)
      return Error::success();
    outs().clear_error();
    return createStringError(EC, "cannot write to the standard output: %s",
                             EC.message().c_str());
  }

  void discard() {
    if (!Temp)
      return;
    consumeError(Temp->discard());
    Temp.reset();
    llvm::erase(pending(), this);
  }

private:
  std::string Path;
  std::optional<sys::fs::TempFile> Temp;
};

[[noreturn]] void fail(const Twine &Message) {
  WithColor::error(errs(), "forksafe", !ColorsOnStderr) << Message << "\n";
  for (OutputFile *F : std::vector<OutputFile *>(OutputFile::pending()))
    F->discard();
  std::exit(ExitError);
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
  // Given, even empty: "--profile=" is an error here as in the plugin.
  auto Apply = [&](StringRef Name, const cl::opt<std::string> &Value) {
    if (Value.getNumOccurrences() > 0)
      check(applyOption((Name + "=" + Value.getValue()).str(), Opts));
  };
  Apply("checks", Args.Checks);
  Apply("profile", Args.Profile);
  Apply("threads", Args.Threads);
  Apply("unknown", Args.Unknown);
  if (Args.WarningsAsErrors)
    Opts.WarningsAsErrors = true;
  return Opts;
}

/// The units that compiled, and what the others did.
struct Units {
  std::vector<Program> Models;
  /// The main file of every unit, compiled or not.
  std::vector<std::string> Files;
  unsigned Failed = 0;
};

/// How deep a compilation database's JSON may nest: 3 is all it needs, and
/// LLVM's JSON parser recurses once per level.
constexpr unsigned MaxDatabaseDepth = 64;

/// The build directory's compile_commands.json, if it has one, read whole
/// as JSON first: clang's reader takes a file cut short after a complete
/// entry for the entries before the cut, and says "YAML" of the rest.
void checkCompilationDatabase(StringRef BuildPath) {
  SmallString<256> Path(BuildPath);
  sys::path::append(Path, "compile_commands.json");
  if (!sys::fs::exists(Path))
    return;
  auto Fail = [&](const Twine &Why) {
    fail("cannot load the compilation database '" + Path + "': " + Why);
  };
  if (!sys::fs::is_regular_file(Path))
    Fail("not a regular file");
  ErrorOr<std::unique_ptr<MemoryBuffer>> Text = MemoryBuffer::getFile(Path);
  if (!Text)
    Fail(Text.getError().message());
  std::optional<JsonKind> Top;
  if (Error E = scanJson((*Text)->getBuffer(), MaxDatabaseDepth,
                         [&](JsonKind Kind, ArrayRef<StringRef>, StringRef) {
                           if (!Top)
                             Top = Kind;
                         }))
    Fail(toString(std::move(E)));
  if (Top != JsonKind::Array)
    Fail("expected a list of compile commands");
}

Units compileUnits(const Flags &Args, const Options &Opts) {
  checkCompilationDatabase(Args.BuildPath);
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
  Extract.Progress = !Args.Quiet;
  Extract.Settings = Opts;
  Extract.ArgsBefore.assign(Args.ExtraArgsBefore.begin(),
                            Args.ExtraArgsBefore.end());
  Extract.ArgsAfter.assign(Args.ExtraArgs.begin(), Args.ExtraArgs.end());
  std::vector<ExtractedUnit> Extracted = extractUnits(*DB, Wanted, Extract);
  if (Extracted.empty())
    fail("the compilation database of '" + Args.BuildPath + "' holds no command");
  // A unit that does not compile (a flag or an extension only GCC knows) is
  // named with its first error; the others are analysed.
  Units Result;
  for (ExtractedUnit &U : Extracted) {
    Result.Files.push_back(U.File);
    if (!U.Model) {
      WithColor::error(errs(), "forksafe", !ColorsOnStderr)
          << "'" << U.File << "' did not compile, and is not analysed: "
          << U.FirstError << "\n";
      ++Result.Failed;
      continue;
    }
    if (!Args.WriteSummaries.empty())
      check(writeSummaryFile(*U.Model, Args.WriteSummaries,
                             sys::path::filename(U.File), U.Key),
            "cannot write the summary of '" + U.File + "': ");
    Result.Models.push_back(std::move(*U.Model));
  }
  if (Result.Models.empty())
    fail("no translation unit of '" + Args.BuildPath +
         "' compiled; nothing is analysed");
  return Result;
}

Units readSummaries(const Flags &Args) {
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
  Units Read;
  for (const std::string &Path : Paths) {
    // A FIFO would block the run, a device never end it.
    if (!sys::fs::is_regular_file(Path))
      fail("'" + Path + "' is not a regular file");
    auto Buffer = MemoryBuffer::getFile(Path);
    if (!Buffer)
      fail("cannot read '" + Path + "': " + Buffer.getError().message());
    Expected<Program> Model = readSummary((*Buffer)->getBuffer());
    if (!Model)
      fail("'" + Path + "': " + toString(Model.takeError()));
    for (const SourceFile &F : Model->Files)
      if (!F.IsSystem)
        Read.Files.push_back(F.Path);
    Read.Models.push_back(std::move(*Model));
  }
  return Read;
}

/// The deepest directory that holds every one of Paths.
std::string commonDirectory(ArrayRef<std::string> Paths) {
  if (Paths.empty())
    return "";
  StringRef Common = sys::path::parent_path(Paths.front());
  for (StringRef Path : Paths)
    while (!Common.empty() &&
           !(Path.starts_with(Common) &&
             (Path.size() == Common.size() || Path[Common.size()] == '/' ||
              Common == "/")))
      Common = sys::path::parent_path(Common);
  return Common.str();
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

/// Whether colours go to a stream: --color, or on a terminal for auto.
bool useColors(const Flags &Args, bool IsTerminal) {
  if (Args.Color == "always")
    return true;
  if (Args.Color == "never")
    return false;
  if (Args.Color != "auto")
    fail("--color is auto, always or never, not '" + Args.Color + "'");
  return IsTerminal && !sys::Process::GetEnv("NO_COLOR");
}

int listChecks() {
  size_t Width = 0;
  for (unsigned I = 0; I != NumChecks; ++I)
    Width = std::max(Width, checkName(static_cast<CheckId>(I)).size());
  for (unsigned I = 0; I != NumChecks; ++I) {
    CheckId Check = static_cast<CheckId>(I);
    outs() << left_justify(checkName(Check), Width + 1) << " "
           << checkSummary(Check)
           << (isOnByDefault(Check) ? "" : " (off by default)") << "\n";
  }
  return ExitClean;
}

int explain(StringRef Name) {
  StringRef Check = Name;
  Check.consume_front("forksafe-");
  StringRef Page = checkPage(Check);
  if (Page.empty())
    fail("no check is called '" + Name + "' (forksafe --list-checks lists them)");
  outs() << Page;
  return ExitClean;
}

std::unique_ptr<OutputFile> openOutput(StringRef Path) {
  if (Path.empty())
    return nullptr;
  auto File = std::make_unique<OutputFile>(Path.str());
  check(File->open());
  return File;
}

std::optional<StringSet<>> baseline(const Flags &Args) {
  if (Args.BaselineFile.empty())
    return std::nullopt;
  Expected<StringSet<>> Read = readBaseline(Args.BaselineFile);
  if (!Read)
    fail(toString(Read.takeError()));
  return std::move(*Read);
}

int run(const Flags &Args) {
  ColorsOnStderr = useColors(Args, sys::Process::StandardErrIsDisplayed());
  if (Args.ListChecks)
    return listChecks();
  if (!Args.Explain.empty())
    return explain(Args.Explain);
  if (Args.BuildPath.empty() == Args.SummariesDir.empty())
    fail("give one of -p <build dir> and --summaries <dir>");
  if (!Args.SummariesDir.empty() && !Args.Files.empty())
    fail("source files are chosen from a compilation database (-p), not "
         "from summaries");
  Options Opts = commandLineOptions(Args);
  OutputOptions Out;
  Out.WarningsAsErrors = Opts.WarningsAsErrors;
  Out.Color = useColors(Args, sys::Process::StandardOutIsDisplayed());
  Out.DocsUrl = StringRef(Args.DocsUrl).rtrim('/').str();
  Out.AutomationId = Args.AutomationId;
  if (Args.SarifFile == "-" && Args.FixesFile == "-")
    fail("--sarif and --export-fixes cannot both write to the standard "
         "output");
  std::unique_ptr<OutputFile> Sarif = openOutput(Args.SarifFile);
  std::unique_ptr<OutputFile> Fixes = openOutput(Args.FixesFile);
  std::optional<StringSet<>> Baseline = baseline(Args);

  Units Read = Args.BuildPath.empty() ? readSummaries(Args)
                                      : compileUnits(Args, Opts);
  if (Args.SourceRoot.empty()) {
    Out.SourceRoot = commonDirectory(Read.Files);
  } else {
    SmallString<256> Root(Args.SourceRoot);
    sys::fs::make_absolute(Root);
    sys::path::remove_dots(Root, /*remove_dot_dot=*/true);
    Out.SourceRoot = StringRef(Root).rtrim('/').str();
  }

  // Every check runs; each finding is kept or dropped by its own file's
  // settings before one finding per place is chosen.
  Options Analysis = Opts;
  Analysis.WholeProgram = true;
  if (Args.Config.empty())
    Analysis.Enabled.set();
  Program FileNames;
  SourceTexts Sources(FileNames);
  PerFileChecks Checks(FileNames, Opts, Args);
  std::map<uint32_t, std::unique_ptr<Suppressions>> Comments;
  AnalysedPrograms Analysed =
      analysePrograms(Read.Models, Analysis, FileNames, [&](const Finding &F) {
        return Checks.enabled(F) && !suppressed(F, Sources, Comments);
      });
  Out.Profile = llvm::join(Analysed.Profiles, ", ");
  std::vector<Finding> &All = Analysed.Findings;
  // By file name, then place: the order of the translation units, or of the
  // summaries in their directory, does not show.
  llvm::stable_sort(All, [&](const Finding &L, const Finding &R) {
    return std::make_tuple(StringRef(FileNames.Files[L.Pos.File].Path),
                           L.Pos.Offset, L.Check) <
           std::make_tuple(StringRef(FileNames.Files[R.Pos.File].Path),
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

  // The text, unless the standard output carries a log; written out before
  // any file is replaced, so that a run that cannot finish replaces none.
  if ((!Sarif || !Sarif->isStandardOutput()) &&
      (!Fixes || !Fixes->isStandardOutput()))
    printText(Findings, Sources, Out, outs());
  check(OutputFile::flushStandardOutput());
  if (Sarif)
    check(Sarif->commit(sarifLog(Findings, Prints, Sources, Out)));
  if (Fixes)
    check(Fixes->commit(fixesYaml(Findings, Sources)));
  if (!Args.Quiet)
    WithColor::note(errs(), "forksafe", !ColorsOnStderr)
        << Read.Models.size() << " translation units analysed in "
        << Analysed.NumPrograms << " programs, " << Findings.size()
        << " findings reported\n";
  if (Read.Failed && !Args.Quiet)
    WithColor::warning(errs(), "forksafe", !ColorsOnStderr)
        << Read.Failed << " of " << Read.Files.size()
        << " translation units did not compile; the findings are those of "
           "the others\n";
  return (Findings.empty() ? ExitClean : ExitFindings) |
         (Read.Failed ? ExitUnitsFailed : ExitClean);
}

} // namespace
} // namespace forksafe

int main(int argc, const char **argv) {
  llvm::InitLLVM Init(argc, argv);
  // LLVM's hidden -threads (a thread count) would take ours. A StringMap
  // until LLVM 21, a DenseMap since 22: both find by name.
  auto &Registered = llvm::cl::getRegisteredOptions();
  // Its -color (on or off) would take ours (auto, always or never) too.
  for (const char *Ours : {"threads", "color"})
    if (auto It = Registered.find(Ours); It != Registered.end())
      It->second->removeArgument();
  forksafe::Flags Args;
  llvm::cl::HideUnrelatedOptions(Args.Category);
  llvm::cl::SetVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "forksafe " << FORKSAFE_VERSION << " (LLVM " << LLVM_VERSION_STRING
       << ")\n"
       << "default profile: auto (glibc for *-linux-gnu targets, posix "
          "otherwise)\n";
  });
  if (!llvm::cl::ParseCommandLineOptions(
          argc, argv,
          "forksafe: fork-safety bugs across a whole program\n\n"
          "  forksafe -p <build dir> [files...]\n"
          "  forksafe --summaries <dir>\n"
          "  forksafe --list-checks | --explain <check>\n",
          &llvm::errs()))
    return 2;
  int Code = forksafe::run(Args);
  forksafe::check(forksafe::OutputFile::flushStandardOutput());
  return Code;
}
