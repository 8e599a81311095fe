//===- ForksafeClangd.cpp - clangd with the forksafe checks ---------------===//
//
// A stock clangd drops -fplugin from the compile flags and loads no
// clang-tidy modules. This is Debian's clangd, the library, linked with the
// forksafe clang-tidy module: its checks register with clang-tidy's module
// registry, which clangd reads when it sets up its checks, so an editor that
// runs forksafe-clangd shows their diagnostics and offers their fix-its.
// A configuration error, which clang-tidy says with no place in a file and
// clangd would therefore drop, is an error on the file's first line here;
// the diagnostics of forksafe's checks link to forksafe's pages
// (DocLinks.h), not to clang.llvm.org.
//
//===----------------------------------------------------------------------===//

#include "DocLinks.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include <optional>
#include <string>
#include <vector>

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

namespace {

constexpr llvm::StringLiteral DocsUrlOption = "--docs-url";

/// Takes forksafe-clangd's own option, --docs-url=URL, out of Args (clangd
/// would refuse it); false, with the error said, when it has no URL.
bool takeDocsUrl(std::vector<char *> &Args, std::optional<std::string> &Url) {
  for (size_t I = 1; I < Args.size(); ++I) {
    llvm::StringRef Arg = Args[I];
    size_t Taken = 1;
    if (Arg == DocsUrlOption) {
      Taken = I + 1 < Args.size() ? 2 : 1;
      Url = Taken == 2 ? Args[I + 1] : "";
    } else if (Arg.consume_front(DocsUrlOption) && Arg.consume_front("=")) {
      Url = Arg.str();
    } else {
      continue;
    }
    if (Url->empty()) {
      llvm::errs() << "forksafe-clangd: error: " << DocsUrlOption
                   << " needs a URL\n";
      return false;
    }
    Args.erase(Args.begin() + I, Args.begin() + I + Taken);
    --I;
  }
  return true;
}

} // namespace

int main(int Argc, char *Argv[]) {
  forksafe::reportConfigurationErrorsOnTheFile();
  std::vector<char *> Args(Argv, Argv + Argc);
  std::optional<std::string> DocsUrl;
  if (!takeDocsUrl(Args, DocsUrl))
    return 1;
  // Without --docs-url, the pages installed with the program, or no link.
  static int AnchorForPath;
  forksafe::DocLinks Links(
      DocsUrl ? *DocsUrl
              : forksafe::DocLinks::installedPages(
                    llvm::sys::fs::getMainExecutable(Argv[0], &AnchorForPath)));
  Args.push_back(nullptr);
  return forksafe::runWithDocLinks(Links, [&] {
    return clang::clangd::clangdMain(Args.size() - 1, Args.data());
  });
}
