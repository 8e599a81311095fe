//===- Finding.h - What a check reports, before any host sees it -*- C++ -*-===//
//
// The reporting side of the narrow waist: checks produce Findings; a host
// (the compiler plugin, a command-line driver, clang-tidy) turns them into
// its own diagnostics through a Reporter.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_CHECKS_FINDING_H
#define FORKSAFE_CHECKS_FINDING_H

#include "Options.h"
#include "model/Model.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <string>
#include <vector>

namespace forksafe {

struct Note {
  SourcePos Pos;
  std::string Message;
};

struct Finding {
  CheckId Check;
  SourcePos Pos;
  /// The message without the " [forksafe-<check>]" tag.
  std::string Message;
  /// The evidence, one note per location, in the order it happens.
  std::vector<Note> Notes;
  /// Edits that together repair the code; empty when there is no
  /// mechanical repair.
  std::vector<TextEdit> Fixes;
};

class Reporter {
public:
  virtual ~Reporter();
  virtual void report(const Finding &F) = 0;
};

/// Runs the enabled checks on P: one finding per location (the first check
/// in Checks.def wins), none in system headers and none that Keep refuses,
/// ordered by position. P's calls through function values are resolved
/// first (resolveFunctionValues), which adds functions to it.
std::vector<Finding>
runChecks(Program &P, const Options &Opts,
          llvm::function_ref<bool(const Finding &)> Keep = nullptr);

/// runChecks, then hands each finding to R.
void reportFindings(Program &P, const Options &Opts, Reporter &R);

/// The profile the checks run with on P: Opts's, or for profile=auto glibc
/// when every unit of P targets GNU/Linux, posix otherwise.
Profile effectiveProfile(const Options &Opts, const Program &P);
/// "posix", "glibc" or "auto", as the options spell it.
llvm::StringRef profileName(Profile Chosen);

} // namespace forksafe

#endif // FORKSAFE_CHECKS_FINDING_H
