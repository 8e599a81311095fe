//===- Analyse.h - The programs of a set of units, checked ------*- C++ -*-===//
//
// A compilation database or a directory of summaries holds every program a
// build makes. Each is merged from its own units (model/Merge.h,
// programsOf) and checked; a finding in code that several programs share
// is reported once.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_CLI_ANALYSE_H
#define FORKSAFE_CLI_ANALYSE_H

#include "Finding.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <set>
#include <string>
#include <vector>

namespace forksafe {

struct AnalysedPrograms {
  std::vector<Finding> Findings;
  size_t NumPrograms = 0;
  /// The profiles the programs were checked with (effectiveProfile).
  std::set<std::string> Profiles;
};

/// Runs the checks on each program of Units. The findings' file indices
/// are into Files.Files, which gets the files of every program (the rest of
/// Files stays empty); Keep sees each finding so already.
AnalysedPrograms
analysePrograms(const std::vector<Program> &Units, const Options &Opts,
                Program &Files, llvm::function_ref<bool(const Finding &)> Keep);

} // namespace forksafe

#endif // FORKSAFE_CLI_ANALYSE_H
