//===- Options.h - What the user asked forksafe to do -----------*- C++ -*-===//

#ifndef FORKSAFE_CHECKS_OPTIONS_H
#define FORKSAFE_CHECKS_OPTIONS_H

#include "knowledge/Knowledge.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <bitset>
#include <string>

namespace forksafe {

enum class CheckId : uint8_t {
#define FORKSAFE_CHECK(Id, Name, Summary, OnByDefault) Id,
#include "Checks.def"
};

constexpr unsigned NumChecks = 0
#define FORKSAFE_CHECK(Id, Name, Summary, OnByDefault) +1
#include "Checks.def"
    ;

/// The checks that run when the user names none (Checks.def's OnByDefault).
std::bitset<NumChecks> checksOnByDefault();
bool isOnByDefault(CheckId Check);

/// The check's name without the "forksafe-" prefix.
llvm::StringRef checkName(CheckId Check);
/// What the check finds, in one line.
llvm::StringRef checkSummary(CheckId Check);

/// Where a thread may be running (docs/semantics.md, "multithreaded context").
enum class ThreadAssumption : uint8_t {
  Auto,    ///< rules 1-4, and for library code rule 5 at its entry points
  Assume,  ///< rule 5: everywhere (a library whose users may have threads)
  None,    ///< nowhere
  Program, ///< rules 1-4 only: library code judged as a program
};

enum class UnknownPolicy : uint8_t {
  Ignore, ///< a function with no body outside system headers is safe
  Unsafe, ///< ... is reported like an unsafe one
};

struct Options {
  std::bitset<NumChecks> Enabled = checksOnByDefault();
  Profile SafetyProfile = Profile::Auto;
  ThreadAssumption Threads = ThreadAssumption::Auto;
  /// Set by the forksafe command, which sees whole programs: one without a
  /// main is a library. A translation unit is one when built as a shared
  /// library (Unit::SharedLibraryCode). Not a user's option.
  bool WholeProgram = false;
  UnknownPolicy Unknown = UnknownPolicy::Ignore;
  bool WarningsAsErrors = false;
  /// Print the model before the checks run (a debugging aid).
  bool DumpModel = false;
  /// Where the plugin writes the translation unit's summary, for the
  /// whole-program analysis; empty for none.
  std::string SummaryDir;
  /// The .forksafe.yaml named by the user, rather than the one found
  /// upward from the source file.
  std::string ConfigFile;
  /// What the project's .forksafe.yaml says of its own functions.
  ProjectKnowledge Project;

  bool isEnabled(CheckId Check) const {
    return Enabled.test(static_cast<unsigned>(Check));
  }
};

/// Parses arguments of the form "name=value" or "werror". On a bad argument
/// the error names the option and the values it accepts.
llvm::Expected<Options> parseOptions(llvm::ArrayRef<std::string> Args);

/// Applies one such argument to Opts.
llvm::Error applyOption(llvm::StringRef Arg, Options &Opts);

/// Applies a clang-tidy style glob list ("-*,fork-*") to Enabled: later globs
/// win over earlier ones, and the list starts from the checks on by default
/// (a glob that matches a check turns it on, off by default or not).
llvm::Error applyCheckGlobs(llvm::StringRef Globs, Options &Opts);

/// Whether Name matches a glob where '*' stands for any text.
bool matchesGlob(llvm::StringRef Glob, llvm::StringRef Name);

} // namespace forksafe

#endif // FORKSAFE_CHECKS_OPTIONS_H
