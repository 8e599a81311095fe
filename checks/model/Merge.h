//===- Merge.h - The models of many translation units as one ----*- C++ -*-===//
//
// Whole-program analysis runs the same analysis as the plugin on one model
// made of every translation unit's. A function with external linkage is one
// function however many units declare it, with the body of the first unit
// that defines it (C++ inline functions are defined in many, the same each
// time); a function with internal linkage stays its unit's own. Files and
// interned names are shared by name.
//
// A set of units is not always one program: a build makes tools, tests and
// daemons, each with its own main() and the library units its calls reach.
// programsOf splits the units into those programs (docs/whole-program.md,
// "Several programs").
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_CHECKS_MODEL_MERGE_H
#define FORKSAFE_CHECKS_MODEL_MERGE_H

#include "Model.h"
#include "llvm/ADT/ArrayRef.h"
#include <vector>

namespace forksafe {

Program mergePrograms(std::vector<Program> Units);
/// The same, of units shared with other programs (copied, not moved).
Program mergePrograms(llvm::ArrayRef<const Program *> Units);

/// The programs of Units, each the indices of its units with the unit that
/// defines its main() first: a unit defining main() starts a program, which
/// takes, for each external name its units use and do not define, one unit
/// defining it that defines no main(): the one whose definition's path
/// shares the longest directory prefix with the main()'s, the first of
/// those in Units. The units no program takes make one program more; so do
/// all of them when none defines main().
std::vector<std::vector<size_t>> programsOf(llvm::ArrayRef<Program> Units);

} // namespace forksafe

#endif // FORKSAFE_CHECKS_MODEL_MERGE_H
