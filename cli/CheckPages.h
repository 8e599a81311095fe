//===- CheckPages.h - The check pages, built into the command ---*- C++ -*-===//
//
// docs/checks/<check>.md, as the build found them: `forksafe --explain`
// prints one, and the SARIF rules carry them as their help.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_CLI_CHECKPAGES_H
#define FORKSAFE_CLI_CHECKPAGES_H

#include "llvm/ADT/StringRef.h"

namespace forksafe {

/// The Markdown page of the check, empty when the build had none.
llvm::StringRef checkPage(llvm::StringRef Check);

/// The page's first paragraph after its title, on one line: what the check
/// finds.
std::string checkDescription(llvm::StringRef Check);

} // namespace forksafe

#endif // FORKSAFE_CLI_CHECKPAGES_H
