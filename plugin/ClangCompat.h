//===- ClangCompat.h - Where the supported Clang versions differ -*- C++ -*-===//
//
// forksafe builds against LLVM 19 and LLVM 22 (FORKSAFE_LLVM_VERSION). Code
// that compiles unchanged on both is preferred; the few APIs that changed
// between them are bridged here, one shim each, with the version that
// changed it.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_PLUGIN_CLANGCOMPAT_H
#define FORKSAFE_PLUGIN_CLANGCOMPAT_H

#include "clang/Basic/DiagnosticOptions.h"
#include "llvm/Config/llvm-config.h"
#include <memory>

namespace forksafe {

// LLVM 21 (llvm-project PR 139584) stopped reference counting
// DiagnosticOptions: DiagnosticsEngine and TextDiagnosticPrinter take it by
// reference, and whoever creates it must keep it alive. Before, they took a
// pointer and shared ownership, so it had to be on the heap with a count.
// OwnedDiagnosticOptions owns it either way; diagnosticOptionsArgument is
// what a TextDiagnosticPrinter takes.
#if LLVM_VERSION_MAJOR >= 21
using OwnedDiagnosticOptions = std::unique_ptr<clang::DiagnosticOptions>;
inline OwnedDiagnosticOptions makeDiagnosticOptions() {
  return std::make_unique<clang::DiagnosticOptions>();
}
inline clang::DiagnosticOptions &
diagnosticOptionsArgument(const OwnedDiagnosticOptions &Options) {
  return *Options;
}
#else
using OwnedDiagnosticOptions = llvm::IntrusiveRefCntPtr<clang::DiagnosticOptions>;
inline OwnedDiagnosticOptions makeDiagnosticOptions() {
  return llvm::makeIntrusiveRefCnt<clang::DiagnosticOptions>();
}
inline clang::DiagnosticOptions *
diagnosticOptionsArgument(const OwnedDiagnosticOptions &Options) {
  return Options.get();
}
#endif

} // namespace forksafe

#endif // FORKSAFE_PLUGIN_CLANGCOMPAT_H
