//===- DocLinks.h - Where forksafe-clangd's diagnostics link ----*- C++ -*-===//
//
// clangd links every clang-tidy diagnostic to a page of clang.llvm.org that
// it makes from the check's name; for forksafe's checks there is no such
// page. No API lets a module change the link, and clangd makes it in the
// same object that sends it, where no --wrap reaches: forksafe-clangd
// rewrites the links in the messages clangd writes to the editor.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_PLUGIN_CLANGD_DOCLINKS_H
#define FORKSAFE_PLUGIN_CLANGD_DOCLINKS_H

#include "llvm/ADT/FunctionExtras.h"
#include "llvm/ADT/StringRef.h"
#include <string>

namespace forksafe {

/// Where the diagnostics of forksafe's checks link: Base/<check>.md, as the
/// forksafe command's --docs-url does, or nowhere when Base is empty.
class DocLinks {
public:
  explicit DocLinks(std::string Base) : Base(std::move(Base)) {}

  /// The base for the check pages installed with Executable, as a file://
  /// URL; empty when they are not there (a build tree).
  static std::string installedPages(llvm::StringRef Executable);

  /// Message, a JSON-RPC message of clangd's, with each link clangd made
  /// for a forksafe check replaced, or removed; unchanged when it has none.
  std::string rewrite(llvm::StringRef Message) const;

private:
  std::string Base;
};

/// Runs Main with the standard output going through Links, message by
/// message, to the editor; text that is not a message passes unchanged.
/// Returns what Main returns.
int runWithDocLinks(const DocLinks &Links, llvm::function_ref<int()> Main);

} // namespace forksafe

#endif // FORKSAFE_PLUGIN_CLANGD_DOCLINKS_H
