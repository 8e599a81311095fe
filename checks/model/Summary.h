//===- Summary.h - A translation unit's model, written to disk --*- C++ -*-===//
//
// A summary is the model of one translation unit, written during the build
// (-fplugin-arg-forksafe-summary-dir) or by the forksafe command, and read
// back to analyse the whole program without parsing again. It is the model
// itself, not the analysis's facts: those depend on the other translation
// units and are computed after the merge.
//
// The format is versioned and compact: a header line, then unsigned LEB128
// numbers and length-prefixed strings, field by field. A reader accepts
// only its own version, and checks every index before the analysis sees it.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_CHECKS_MODEL_SUMMARY_H
#define FORKSAFE_CHECKS_MODEL_SUMMARY_H

#include "Model.h"
#include "llvm/Support/Error.h"
#include <string>

namespace forksafe {

/// Bumped whenever the format or the model's meaning changes.
constexpr unsigned SummaryVersion = 8;

/// The file name extension of summaries.
constexpr llvm::StringLiteral SummaryExtension = ".fss";

std::string writeSummary(const Program &P);

/// The program a summary holds; an error that says what is wrong with it
/// (another version, a truncated file, an index out of range).
llvm::Expected<Program> readSummary(llvm::StringRef Data);

/// Writes P's summary to a file of its own in Dir, named Name followed by a
/// hash of Key (what tells this translation unit from others of the same
/// name), by way of a temporary file renamed into place: builds that write
/// summaries in parallel, or on other machines into a shared directory,
/// need no lock.
llvm::Error writeSummaryFile(const Program &P, llvm::StringRef Dir,
                             llvm::StringRef Name, llvm::StringRef Key);

/// Checks that every index in P points where it may: what a summary read
/// from disk must pass before the analysis trusts it.
llvm::Error verifyProgram(const Program &P);

} // namespace forksafe

#endif // FORKSAFE_CHECKS_MODEL_SUMMARY_H
