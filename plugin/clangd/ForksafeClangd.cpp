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

int main(int Argc, char *Argv[]) {
  forksafe::reportConfigurationErrorsOnTheFile();
  return clang::clangd::clangdMain(Argc, Argv);
}
