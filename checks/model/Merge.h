//===- Merge.h - The models of many translation units as one ----*- C++ -*-===//
//
// Whole-program analysis runs the same analysis as the plugin on one model
// made of every translation unit's. A function with external linkage is one
// function however many units declare it, with the body of the first unit
// that defines it (C++ inline functions are defined in many, the same each
// time); a function with internal linkage stays its unit's own. Files and
// interned names are shared by name.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_CHECKS_MODEL_MERGE_H
#define FORKSAFE_CHECKS_MODEL_MERGE_H

#include "Model.h"
#include <vector>

namespace forksafe {

Program mergePrograms(std::vector<Program> Units);

} // namespace forksafe

#endif // FORKSAFE_CHECKS_MODEL_MERGE_H
