//===- Output.cpp - Findings as text, SARIF and fixes to apply ------------===//

#include "Output.h"
#include "CheckPages.h"
#include "FileUri.h"
#include "JsonScan.h"
#include "LineHash.h"
#include "clang/Tooling/Core/Diagnostic.h"
#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/YAMLTraits.h"
#include "llvm/Support/xxhash.h"

namespace forksafe {

namespace json = llvm::json;

SourceTexts::Loaded &SourceTexts::load(uint32_t File) {
  if (Files.size() <= File)
    Files.resize(File + 1);
  if (!Files[File]) {
    Files[File] = std::make_unique<Loaded>();
    auto Buffer = llvm::MemoryBuffer::getFile(P.Files[File].Path,
                                              /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (Buffer) {
      Files[File]->Buffer = std::move(*Buffer);
      llvm::StringRef Text = Files[File]->Buffer->getBuffer();
      Files[File]->LineStarts.push_back(0);
      for (size_t I = 0; I != Text.size(); ++I)
        if (Text[I] == '\n')
          Files[File]->LineStarts.push_back(I + 1);
    }
  }
  return *Files[File];
}

llvm::StringRef SourceTexts::text(uint32_t File) {
  Loaded &L = load(File);
  return L.Buffer ? L.Buffer->getBuffer() : llvm::StringRef();
}

llvm::StringRef SourceTexts::lineHash(uint32_t File, unsigned Line) {
  Loaded &L = load(File);
  if (L.LineHashes.empty() && L.Buffer)
    L.LineHashes = lineHashes(L.Buffer->getBuffer());
  return Line && Line <= L.LineHashes.size() ? L.LineHashes[Line - 1]
                                              : llvm::StringRef();
}

namespace {

unsigned codePoints(llvm::StringRef Bytes) {
  return llvm::count_if(Bytes, [](unsigned char C) { return (C & 0xC0) != 0x80; });
}

/// The bytes of the token at Column (1-based) of Line: an identifier or
/// number, else one character.
size_t tokenLength(llvm::StringRef Line, unsigned Column) {
  llvm::StringRef Rest = Line.drop_front(Column - 1);
  size_t Word = Rest.take_while([](char C) {
                      return llvm::isAlnum(C) || C == '_';
                    }).size();
  if (Word || Rest.empty())
    return Word;
  size_t Char = 1;
  while (Char < Rest.size() && (Rest[Char] & 0xC0) == 0x80)
    ++Char;
  return Char;
}

} // namespace

SourceTexts::Place SourceTexts::place(const SourcePos &Pos) {
  Place Where;
  if (!Pos.isValid())
    return Where;
  Where.Path = P.Files[Pos.File].Path;
  Loaded &L = load(Pos.File);
  if (!L.Buffer || Pos.Offset > L.Buffer->getBufferSize())
    return Where;
  auto Next = llvm::upper_bound(L.LineStarts, Pos.Offset);
  uint32_t Start = *std::prev(Next);
  Where.Line = Next - L.LineStarts.begin();
  Where.Column = Pos.Offset - Start + 1;
  llvm::StringRef Text = L.Buffer->getBuffer();
  Where.LineText = Text.substr(Start).take_until(
      [](char C) { return C == '\n' || C == '\r'; });
  llvm::StringRef Before = Where.LineText.take_front(Where.Column - 1);
  Where.CodePointColumn = codePoints(Before) + 1;
  Where.CodePointEndColumn =
      codePoints(Where.LineText.take_front(
          Before.size() + tokenLength(Where.LineText, Where.Column))) +
      1;
  return Where;
}

namespace {

std::string ruleId(CheckId Check) {
  return ("forksafe-" + checkName(Check)).str();
}

/// The path as the user would write it: relative when under the current
/// directory.
std::string displayPath(llvm::StringRef Path) {
  llvm::SmallString<256> Cwd;
  if (!llvm::sys::fs::current_path(Cwd)) {
    llvm::StringRef Rest = Path;
    if (Rest.consume_front(Cwd) && Rest.consume_front("/"))
      return Rest.str();
  }
  return Path.str();
}

/// The colour of a diagnostic level, as clang's.
llvm::raw_ostream::Colors levelColor(llvm::StringRef Level) {
  if (Level == "error")
    return llvm::raw_ostream::RED;
  if (Level == "warning")
    return llvm::raw_ostream::MAGENTA;
  return llvm::raw_ostream::BLACK;
}

void printOne(llvm::raw_ostream &OS, SourceTexts &Sources, const SourcePos &Pos,
              llvm::StringRef Level, const llvm::Twine &Message) {
  SourceTexts::Place Where = Sources.place(Pos);
  OS.changeColor(llvm::raw_ostream::SAVEDCOLOR, /*Bold=*/true);
  if (Where.Path.empty()) {
    OS << "forksafe:";
  } else {
    OS << displayPath(Where.Path) << ":";
    if (Where.Line)
      OS << Where.Line << ":" << Where.Column << ":";
  }
  OS.changeColor(levelColor(Level), /*Bold=*/true);
  OS << " " << Level << ": ";
  OS.changeColor(llvm::raw_ostream::SAVEDCOLOR, /*Bold=*/true);
  OS << Message;
  OS.resetColor();
  OS << "\n";
  if (Where.Path.empty())
    return;
  if (!Where.Line)
    return;
  std::string Number = std::to_string(Where.Line);
  OS << llvm::left_justify("", Number.size() < 5 ? 5 - Number.size() : 0)
     << Number << " | " << Where.LineText << "\n";
  // The caret under the column; tabs kept so that it lines up.
  std::string Pad;
  for (char C : Where.LineText.take_front(Where.Column - 1))
    Pad += C == '\t' ? '\t' : ' ';
  OS << std::string(std::max<size_t>(Number.size(), 5), ' ') << " | " << Pad;
  OS.changeColor(llvm::raw_ostream::GREEN, /*Bold=*/true);
  OS << "^";
  OS.resetColor();
  OS << "\n";
}

constexpr llvm::StringLiteral SourceRootId = "%SRCROOT%";

/// Files under the source root are named relative to it, so that a log
/// reads the same whichever directory the checkout was in.
json::Object artifactLocation(llvm::StringRef Path, const OutputOptions &Opts) {
  llvm::StringRef Rest = Path;
  if (!Opts.SourceRoot.empty() && Rest.consume_front(Opts.SourceRoot) &&
      Rest.consume_front("/"))
    return json::Object{{"uri", percentEncoded(Rest)},
                        {"uriBaseId", SourceRootId}};
  return json::Object{{"uri", "file://" + percentEncoded(Path)}};
}

json::Object physicalLocation(SourceTexts &Sources, const SourcePos &Pos,
                              const OutputOptions &Opts) {
  SourceTexts::Place Where = Sources.place(Pos);
  json::Object Location{
      {"artifactLocation", artifactLocation(Where.Path, Opts)}};
  if (Where.Line)
    Location["region"] = json::Object{{"startLine", Where.Line},
                                      {"startColumn", Where.CodePointColumn},
                                      {"endLine", Where.Line},
                                      {"endColumn", Where.CodePointEndColumn}};
  return Location;
}

json::Object location(SourceTexts &Sources, const SourcePos &Pos,
                      const OutputOptions &Opts, llvm::StringRef Message = "") {
  json::Object L{{"physicalLocation", physicalLocation(Sources, Pos, Opts)}};
  if (!Message.empty())
    L["message"] = json::Object{{"text", Message}};
  return L;
}

/// The checks whose findings GitHub is told are of medium precision
/// (properties.precision): they assume threads may run, or that a callee
/// is unsafe or a library initialised, of code that may never run that way.
/// The others' are high.
constexpr llvm::StringLiteral MediumPrecision[] = {
    "fork-with-threads", "unsafe-call-in-child", "reinit-after-fork"};

llvm::StringRef precision(CheckId Check) {
  return llvm::is_contained(MediumPrecision, checkName(Check)) ? "medium" : "high";
}

llvm::StringRef levelName(const OutputOptions &Opts) {
  return Opts.WarningsAsErrors ? "error" : "warning";
}

json::Array rules(const OutputOptions &Opts) {
  json::Array Rules;
  for (unsigned I = 0; I != NumChecks; ++I) {
    CheckId Check = static_cast<CheckId>(I);
    std::string Description = checkDescription(checkName(Check));
    if (Description.empty())
      Description = checkSummary(Check).str();
    std::string Page = checkPage(checkName(Check)).str();
    if (Page.empty())
      Page = Description;
    json::Object Rule{
        {"id", ruleId(Check)},
        {"name", checkName(Check)},
        {"shortDescription", json::Object{{"text", checkSummary(Check)}}},
        {"fullDescription", json::Object{{"text", Description}}},
        {"help", json::Object{{"text", Page}, {"markdown", Page}}},
        {"defaultConfiguration",
         json::Object{{"level", levelName(Opts)},
                      {"enabled", isOnByDefault(Check)}}},
        {"properties",
         json::Object{
             {"tags", json::Array{"correctness", "reliability", "fork-safety"}},
             {"precision", precision(Check)},
             {"problem.severity", levelName(Opts)}}},
    };
    if (!Opts.DocsUrl.empty())
      Rule["helpUri"] = Opts.DocsUrl + "/" + checkName(Check).str() + ".md";
    Rules.push_back(std::move(Rule));
  }
  return Rules;
}

/// Text for a SARIF message, where brackets mean links unless escaped.
std::string escapedMessage(llvm::StringRef Text) {
  std::string Escaped;
  for (char C : Text) {
    if (C == '[' || C == ']' || C == '\\')
      Escaped += '\\';
    Escaped += C;
  }
  return Escaped;
}

/// The message with a link to each related location (its id), so that a
/// viewer shows where the evidence is.
std::string linkedMessage(const Finding &F) {
  std::string Text = escapedMessage(F.Message);
  for (size_t I = 0; I != F.Notes.size(); ++I)
    Text += (I ? "; [" : " (see [") + escapedMessage(F.Notes[I].Message) +
            "](" + std::to_string(I + 1) + ")";
  if (!F.Notes.empty())
    Text += ")";
  return Text;
}

json::Array fixes(const Finding &F, SourceTexts &Sources,
                  const OutputOptions &Opts) {
  // One artifact change per file, its replacements in order.
  json::Array Changes;
  std::vector<uint32_t> Done;
  for (const TextEdit &Edit : F.Fixes) {
    if (llvm::is_contained(Done, Edit.File))
      continue;
    Done.push_back(Edit.File);
    json::Array Replacements;
    for (const TextEdit &Same : F.Fixes)
      if (Same.File == Edit.File)
        Replacements.push_back(json::Object{
            {"deletedRegion", json::Object{{"byteOffset", Same.Offset},
                                           {"byteLength", Same.Length}}},
            {"insertedContent", json::Object{{"text", Same.Replacement}}}});
    Changes.push_back(json::Object{
        {"artifactLocation",
         artifactLocation(Sources.place({Edit.File, Edit.Offset}).Path, Opts)},
        {"replacements", std::move(Replacements)}});
  }
  return json::Array{json::Object{
      {"description", json::Object{{"text", "apply forksafe's fix-it"}}},
      {"artifactChanges", std::move(Changes)}}};
}

json::Object result(const Finding &F, llvm::StringRef Fingerprint,
                    SourceTexts &Sources, const OutputOptions &Opts) {
  json::Object Prints{{"forksafe/v1", Fingerprint}};
  unsigned Line = Sources.place(F.Pos).Line;
  llvm::StringRef LineHash = F.Pos.isValid() ? Sources.lineHash(F.Pos.File, Line)
                                             : llvm::StringRef();
  if (!LineHash.empty())
    Prints["primaryLocationLineHash"] = LineHash;
  json::Object R{
      {"ruleId", ruleId(F.Check)},
      {"ruleIndex", static_cast<unsigned>(F.Check)},
      {"level", levelName(Opts)},
      {"message", json::Object{{"text", linkedMessage(F)}}},
      {"locations", json::Array{location(Sources, F.Pos, Opts)}},
      {"partialFingerprints", std::move(Prints)},
  };
  if (!F.Notes.empty()) {
    json::Array Steps;
    json::Array Related;
    for (size_t I = 0; I != F.Notes.size(); ++I) {
      const Note &N = F.Notes[I];
      Steps.push_back(
          json::Object{{"location", location(Sources, N.Pos, Opts, N.Message)}});
      json::Object Linked = location(Sources, N.Pos, Opts, N.Message);
      Linked["id"] = static_cast<int64_t>(I + 1);
      Related.push_back(std::move(Linked));
    }
    R["codeFlows"] = json::Array{json::Object{
        {"threadFlows", json::Array{json::Object{{"locations", std::move(Steps)}}}}}};
    R["relatedLocations"] = std::move(Related);
  }
  if (!F.Fixes.empty())
    R["fixes"] = fixes(F, Sources, Opts);
  return R;
}

} // namespace

void printText(llvm::ArrayRef<Finding> Findings, SourceTexts &Sources,
               const OutputOptions &Opts, llvm::raw_ostream &OS) {
  OS.enable_colors(Opts.Color);
  llvm::StringRef Level = Opts.WarningsAsErrors ? "error" : "warning";
  for (const Finding &F : Findings) {
    printOne(OS, Sources, F.Pos, Level,
             F.Message + " [" + ruleId(F.Check) + "]");
    for (const Note &N : F.Notes)
      printOne(OS, Sources, N.Pos, "note", N.Message);
  }
  if (!Findings.empty())
    OS << Findings.size() << " " << Level << (Findings.size() == 1 ? "" : "s")
       << " generated.\n";
}

std::string sarifLog(llvm::ArrayRef<Finding> Findings,
                     llvm::ArrayRef<std::string> Fingerprints,
                     SourceTexts &Sources, const OutputOptions &Opts) {
  json::Array Results;
  for (size_t I = 0; I != Findings.size(); ++I)
    Results.push_back(result(Findings[I], Fingerprints[I], Sources, Opts));
  json::Object Driver{{"name", "forksafe"},
                      {"version", FORKSAFE_VERSION},
                      {"semanticVersion", FORKSAFE_VERSION},
                      {"rules", rules(Opts)}};
  if (!Opts.DocsUrl.empty())
    Driver["informationUri"] = Opts.DocsUrl;
  json::Object Run{{"tool", json::Object{{"driver", std::move(Driver)}}},
                   {"columnKind", "unicodeCodePoints"},
                   {"results", std::move(Results)}};
  if (!Opts.SourceRoot.empty())
    Run["originalUriBaseIds"] = json::Object{
        {SourceRootId,
         json::Object{{"uri", "file://" + percentEncoded(Opts.SourceRoot) + "/"}}}};
  if (!Opts.AutomationId.empty())
    Run["automationDetails"] = json::Object{{"id", Opts.AutomationId}};
  if (!Opts.Profile.empty())
    Run["properties"] = json::Object{{"profile", Opts.Profile}};
  json::Object Log{
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", json::Array{std::move(Run)}}};
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  OS << llvm::formatv("{0:2}", json::Value(std::move(Log))) << "\n";
  return Text;
}

std::string fixesYaml(llvm::ArrayRef<Finding> Findings, SourceTexts &Sources) {
  clang::tooling::TranslationUnitDiagnostics Log;
  for (const Finding &F : Findings) {
    if (F.Fixes.empty())
      continue;
    SourceTexts::Place Where = Sources.place(F.Pos);
    clang::tooling::Diagnostic D(
        ruleId(F.Check),
        clang::tooling::DiagnosticMessage(F.Message),
        {}, clang::tooling::Diagnostic::Warning, "");
    D.Message.FilePath = Where.Path;
    D.Message.FileOffset = F.Pos.Offset;
    for (const TextEdit &Edit : F.Fixes) {
      std::string Path = Sources.place({Edit.File, Edit.Offset}).Path;
      llvm::consumeError(D.Message.Fix[Path].add(clang::tooling::Replacement(
          Path, Edit.Offset, Edit.Length, Edit.Replacement)));
    }
    Log.Diagnostics.push_back(std::move(D));
  }
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  llvm::yaml::Output YAML(OS);
  YAML << Log;
  return Text;
}

std::vector<std::string> fingerprints(llvm::ArrayRef<Finding> Findings,
                                      SourceTexts &Sources) {
  llvm::StringMap<unsigned> Seen;
  std::vector<std::string> Prints;
  for (const Finding &F : Findings) {
    std::string Key =
        ruleId(F.Check) + '\0' +
        llvm::sys::path::filename(Sources.place(F.Pos).Path).str() + '\0' +
        F.Message;
    unsigned Occurrence = Seen[Key]++;
    Key += '\0' + std::to_string(Occurrence);
    Prints.push_back(llvm::utohexstr(llvm::xxh3_64bits(Key)));
  }
  return Prints;
}

/// Deeper than any SARIF log forksafe writes (about 12 levels).
constexpr unsigned MaxBaselineDepth = 64;

llvm::Expected<llvm::StringSet<>> readBaseline(llvm::StringRef SarifPath) {
  auto Fail = [&](const llvm::Twine &Why) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "'" + SarifPath + "' " + Why);
  };
  if (!llvm::sys::fs::is_regular_file(SarifPath) &&
      llvm::sys::fs::exists(SarifPath))
    return Fail("is not a regular file");
  auto Buffer = llvm::MemoryBuffer::getFile(SarifPath);
  if (!Buffer)
    return Fail("cannot be read: " + Buffer.getError().message());
  // Only the fingerprints are kept: a log of a whole project is read in
  // one pass, in about its own size.
  llvm::StringSet<> Known;
  bool HasRuns = false;
  llvm::Error Scanned = scanJson(
      (*Buffer)->getBuffer(), MaxBaselineDepth,
      [&](JsonKind Kind, llvm::ArrayRef<llvm::StringRef> Keys,
          llvm::StringRef String) {
        HasRuns |=
            Keys.size() == 1 && Keys[0] == "runs" && Kind == JsonKind::Array;
        if (Kind == JsonKind::String && Keys.size() == 4 && Keys[0] == "runs" &&
            Keys[1] == "results" && Keys[2] == "partialFingerprints" &&
            Keys[3] == "forksafe/v1")
          Known.insert(String);
      });
  if (Scanned)
    return Fail("is not a SARIF log: " + llvm::toString(std::move(Scanned)));
  if (!HasRuns)
    return Fail("is not a SARIF log: it has no runs");
  return Known;
}

} // namespace forksafe
