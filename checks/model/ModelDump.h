//===- ModelDump.h - A readable listing of a model --------------*- C++ -*-===//

#ifndef FORKSAFE_CHECKS_MODEL_MODELDUMP_H
#define FORKSAFE_CHECKS_MODEL_MODELDUMP_H

#include "Model.h"
#include "llvm/Support/raw_ostream.h"

namespace forksafe {

/// Prints the functions with bodies that are not in system headers: their
/// blocks, events and edge tests. A debugging and testing aid for the
/// extractor (-fplugin-arg-forksafe-dump-model).
void dumpProgram(const Program &P, llvm::raw_ostream &OS);

} // namespace forksafe

#endif // FORKSAFE_CHECKS_MODEL_MODELDUMP_H
