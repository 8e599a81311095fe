//===- ForksafeClangd.cpp - clangd with the forksafe checks ---------------===//
//
// A stock clangd drops -fplugin from the compile flags and loads no
// clang-tidy modules. This is Debian's clangd, the library, linked with the
// forksafe clang-tidy module: its checks register with clang-tidy's module
// registry, which clangd reads when it sets up its checks, so an editor that
// runs forksafe-clangd shows their diagnostics and offers their fix-its.
//
//===----------------------------------------------------------------------===//

namespace clang {
namespace clangd {
// Declared by clang-tools-extra/clangd/tool/ClangdMain.h, which Debian does
// not ship.
int clangdMain(int Argc, char *Argv[]);
} // namespace clangd
} // namespace clang

int main(int Argc, char *Argv[]) { return clang::clangd::clangdMain(Argc, Argv); }
