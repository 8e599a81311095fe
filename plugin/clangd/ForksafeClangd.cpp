//===- ForksafeClangd.cpp - clangd with the forksafe checks ---------------===//
//
// A stock clangd drops -fplugin from the compile flags and loads no
// clang-tidy modules. This is Debian's clangd, the library, linked with the
// forksafe clang-tidy module: its checks register with clang-tidy's module
// registry, which clangd reads when it sets up its checks, so an editor that
// runs forksafe-clangd shows their diagnostics and offers their fix-its.
// A configuration error, which clang-tidy says with no place in a file and
// clangd would therefore drop, is an error on the file's first line here.
//
//===----------------------------------------------------------------------===//

#include "llvm/ADT/StringRef.h"
#include <optional>

namespace clang {
namespace clangd {
// Declared by clang-tools-extra/clangd/tool/ClangdMain.h, which Debian does
// not ship.
int clangdMain(int Argc, char *Argv[]);
} // namespace clangd
} // namespace clang

namespace forksafe {
// plugin/tidy/ForksafeTidyCheck.h, whose clang-tidy headers this file
// does without.
void reportConfigurationErrorsOnTheFile();
} // namespace forksafe

// By default clangd runs only the clang-tidy checks its table (clangd's
// TidyFastChecks.inc) lists as fast: under 8% over the parse of a large file,
// measured. forksafe's checks, not in the table, would be dropped without a
// word unless the project's .clangd says FastCheckFilter: Loose. They meet
// the table's measure (docs/performance.md: 3.1% to 7.4% of the parse on the
// project files), and no API lets a module say so: CMake links this program
// with --wrap for clangd's lookup, which answers for forksafe's checks and
// asks clangd's table for all others.
std::optional<bool> realIsFastTidyCheck(llvm::StringRef Check) asm(
    "__real__ZN5clang6clangd15isFastTidyCheckEN4llvm9StringRefE");
std::optional<bool> isFastTidyCheck(llvm::StringRef Check) asm(
    "__wrap__ZN5clang6clangd15isFastTidyCheckEN4llvm9StringRefE");
std::optional<bool> isFastTidyCheck(llvm::StringRef Check) {
  if (Check.starts_with("forksafe-"))
    return true;
  return realIsFastTidyCheck(Check);
}

int main(int Argc, char *Argv[]) {
  forksafe::reportConfigurationErrorsOnTheFile();
  return clang::clangd::clangdMain(Argc, Argv);
}
