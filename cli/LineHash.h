//===- LineHash.h - GitHub's primaryLocationLineHash ------------*- C++ -*-===//
//
// GitHub code scanning tells a result from the same result of an earlier
// run by its partialFingerprints; for primaryLocationLineHash, the
// upload-sarif action computes one from the source when a log has none
// (github/codeql-action, src/fingerprints.ts). Computing it here, the same
// way, gives the same value whether or not the log goes through that action.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_CLI_LINEHASH_H
#define FORKSAFE_CLI_LINEHASH_H

#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace forksafe {

/// The primaryLocationLineHash of every line of Text: element I is line
/// I + 1's, "<hash>:<occurrence>".
std::vector<std::string> lineHashes(llvm::StringRef Text);

} // namespace forksafe

#endif // FORKSAFE_CLI_LINEHASH_H
