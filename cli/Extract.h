//===- Extract.h - Models of a compilation database's units -----*- C++ -*-===//
//
// The forksafe command builds each translation unit's model with the same
// extraction as the plugin (plugin/ModelBuilder), through LibTooling, on as
// many threads as it is given.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_CLI_EXTRACT_H
#define FORKSAFE_CLI_EXTRACT_H

#include "Options.h"
#include "model/Model.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/ArrayRef.h"
#include <optional>
#include <string>
#include <vector>

namespace forksafe {

struct ExtractedUnit {
  /// The main file, absolute.
  std::string File;
  /// Absent when the unit did not compile.
  std::optional<Program> Model;
  /// The compiler's errors, as clang prints them.
  std::string Errors;
  /// The first of them, on one line, for the report of a unit that did
  /// not compile.
  std::string FirstError;
  /// What tells this unit from another of the same file: the main file and
  /// the object file, as the plugin's summaries are keyed.
  std::string Key;
};

struct ExtractOptions {
  unsigned Jobs = 0; ///< 0: one per core
  /// Show "[n/N] file" on stderr as units finish, a line each.
  bool Progress = false;
  /// Arguments to add to every command, after its compiler and at its end
  /// (clang-tidy's --extra-arg-before and --extra-arg).
  std::vector<std::string> ArgsBefore, ArgsAfter;
  /// The settings, whose project knowledge the extraction needs.
  Options Settings;
};

/// Builds the model of every compile command of Files (of the whole
/// database when Files is empty), in the order of the database.
std::vector<ExtractedUnit>
extractUnits(const clang::tooling::CompilationDatabase &DB,
             llvm::ArrayRef<std::string> Files, const ExtractOptions &Opts);

/// The command as the extraction runs it: for diagnostics only, without
/// its output, its dependency files, its warnings, the objects and
/// libraries a compile-and-link command names, and the flags GCC takes and
/// Clang refuses (GccOnlyFlags.def); with the extra arguments.
std::vector<std::string> analysisCommand(const clang::tooling::CompileCommand &Command,
                                         const ExtractOptions &Opts);

/// The summary key of a compile command, as the plugin makes it.
std::string unitKey(const clang::tooling::CompileCommand &Command);

} // namespace forksafe

#endif // FORKSAFE_CLI_EXTRACT_H
