//===- Output.h - Findings as text, SARIF and fixes to apply ----*- C++ -*-===//
//
// The forksafe command reports outside a compiler, so it prints what clang
// would (file:line:col, the source line, a caret), and writes the formats
// CI systems read: SARIF 2.1.0, and the fixes YAML of
// clang-apply-replacements.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_CLI_OUTPUT_H
#define FORKSAFE_CLI_OUTPUT_H

#include "Finding.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include <memory>
#include <string>
#include <vector>

namespace forksafe {

/// Lines and columns of the program's files, read once each.
class SourceTexts {
public:
  explicit SourceTexts(const Program &P) : P(P) {}

  struct Place {
    std::string Path;
    unsigned Line = 0, Column = 0;
    /// The text of the line, without its end.
    llvm::StringRef LineText;
    /// Column and the column after the token there, in code points (SARIF's
    /// columnKind unicodeCodePoints); Column is in bytes, as clang's.
    unsigned CodePointColumn = 0, CodePointEndColumn = 0;
  };
  /// Where Pos is; Line 0 when its file cannot be read.
  Place place(const SourcePos &Pos);
  /// The file's text, empty when it cannot be read.
  llvm::StringRef text(uint32_t File);
  /// GitHub's primaryLocationLineHash of the line (LineHash.h).
  llvm::StringRef lineHash(uint32_t File, unsigned Line);

private:
  struct Loaded {
    std::unique_ptr<llvm::MemoryBuffer> Buffer;
    std::vector<uint32_t> LineStarts;
    std::vector<std::string> LineHashes;
  };
  Loaded &load(uint32_t File);

  const Program &P;
  std::vector<std::unique_ptr<Loaded>> Files;
};

struct OutputOptions {
  bool WarningsAsErrors = false;
  /// Colours in the text, as clang's.
  bool Color = false;
  /// Where the check pages are published, <DocsUrl>/<check>.md; empty:
  /// no link (the rules carry the pages as their help).
  std::string DocsUrl;
  /// The directory %SRCROOT% stands for: files under it are named
  /// relative to it.
  std::string SourceRoot;
  /// runAutomationDetails.id: which analysis of the repository this is,
  /// for GitHub to tell the logs of several apart; empty: none.
  std::string AutomationId;
  /// The async-signal-safety profiles the programs were checked with,
  /// comma-separated: the run's "profile" property.
  std::string Profile;
};

/// Prints the findings as clang does, with a count at the end.
void printText(llvm::ArrayRef<Finding> Findings, SourceTexts &Sources,
               const OutputOptions &Opts, llvm::raw_ostream &OS);

/// The SARIF 2.1.0 log of the findings, as GitHub code scanning reads it:
/// the checks as rules with their pages as help, each finding's notes as
/// related locations linked from its message and as a code flow, fix-its
/// as fixes, files relative to %SRCROOT%, and as partial fingerprints
/// GitHub's primaryLocationLineHash and Fingerprints[I] (forksafe/v1, what
/// --baseline reads).
std::string sarifLog(llvm::ArrayRef<Finding> Findings,
                     llvm::ArrayRef<std::string> Fingerprints,
                     SourceTexts &Sources, const OutputOptions &Opts);

/// The YAML that clang-apply-replacements applies: the findings that carry
/// fix-its.
std::string fixesYaml(llvm::ArrayRef<Finding> Findings, SourceTexts &Sources);

/// What identifies each finding from one run to the next: its check, file
/// name and message, and which of the findings alike it is in order; not
/// its line, which edits move.
std::vector<std::string> fingerprints(llvm::ArrayRef<Finding> Findings,
                                      SourceTexts &Sources);

/// The fingerprints of the findings of an earlier run's SARIF log.
llvm::Expected<llvm::StringSet<>> readBaseline(llvm::StringRef SarifPath);

} // namespace forksafe

#endif // FORKSAFE_CLI_OUTPUT_H
