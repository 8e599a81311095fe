//===- WarningFlags.h - forksafe's checks as warning flags ------*- C++ -*-===//
//
// -Wforksafe, -Wforksafe-<check>, -Werror=forksafe-<check>, their -Wno-
// forms and `#pragma clang diagnostic` with those names behave as they do
// for Clang's own warnings. Clang cannot know the names: neither Clang 19
// nor 22 lets a plugin add a warning group, Clang reads the -W options
// before it loads plugins, and its pragma handler drops a group it does not
// know. So the plugin reads the -W options and the pragmas itself, and
// takes out the "unknown warning group" warnings Clang gives those pragmas.
// Clang's "unknown warning option" for the command line is printed before
// any plugin is loaded: only -Wno-unknown-warning-option silences it.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_PLUGIN_WARNINGFLAGS_H
#define FORKSAFE_PLUGIN_WARNINGFLAGS_H

#include "Options.h"
#include "clang/Basic/SourceLocation.h"
#include <array>
#include <memory>
#include <vector>

namespace clang {
class CompilerInstance;
class SourceManager;
} // namespace clang

namespace forksafe {

/// What becomes of a check's findings at a point.
enum class CheckSeverity : uint8_t { Ignored, Warning, Error };

/// What the -W options and the pragmas say of each check.
struct CheckMapping {
  bool On = false;
  /// -Werror=forksafe-<check>, or a pragma's `error`.
  bool Error = false;
  /// -Wno-error=forksafe-<check>: a warning even under -Werror.
  bool NoError = false;
};
using CheckMappings = std::array<CheckMapping, NumChecks>;

/// A `#pragma clang diagnostic` (or GCC's) of the translation unit: push,
/// pop, or the severity of forksafe's checks named by its -W name.
struct DiagnosticPragma {
  enum Kind : uint8_t { Push, Pop, Ignored, Warning, Error } K;
  clang::SourceLocation Loc;
  std::bitset<NumChecks> Checks;
};

class WarningFlags {
public:
  /// The checks Opts enables, then the -W options of the command line
  /// (clang::DiagnosticOptions::Warnings, without "-W"), in order.
  WarningFlags(const Options &Opts, llvm::ArrayRef<std::string> Warnings);

  /// The -W options in forksafe's names that name no check, as given.
  llvm::ArrayRef<std::string> unknownOptions() const { return Unknown; }
  /// Every check that is on somewhere: on the command line or by a pragma.
  std::bitset<NumChecks> checksToRun() const;
  /// Records the pragmas of CI's translation unit, and keeps from CI's
  /// diagnostics Clang's "unknown warning group" for forksafe's names.
  void watch(clang::CompilerInstance &CI);
  /// The severity of Check's findings at Loc, under -Werror when
  /// WarningsAsErrors and -w when IgnoreWarnings.
  CheckSeverity severityAt(CheckId Check, clang::SourceLocation Loc,
                           const clang::SourceManager &SM,
                           bool WarningsAsErrors, bool IgnoreWarnings) const;

private:
  CheckMappings CommandLine;
  std::vector<std::string> Unknown;
  /// Shared with the preprocessor's callbacks, which it owns.
  std::shared_ptr<std::vector<DiagnosticPragma>> Pragmas;
};

/// The checks a -W name stands for: "forksafe" for all, "forksafe-<check>"
/// for one; none for another name, or for a check forksafe does not have
/// (Ours says whether the name is in forksafe's namespace).
std::bitset<NumChecks> checksOfWarningName(llvm::StringRef Name, bool &Ours);

} // namespace forksafe

#endif // FORKSAFE_PLUGIN_WARNINGFLAGS_H
