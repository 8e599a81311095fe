//===- FileUri.h - Paths in file:// URLs -------------------------*- C++
//-*-===//
//
// The SARIF the forksafe command writes and the links forksafe-clangd gives
// name local files by URL.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_CHECKS_FILEURI_H
#define FORKSAFE_CHECKS_FILEURI_H

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include <string>

namespace forksafe {

/// Path as the path of a URL: every byte but the unreserved ones and '/'
/// percent-encoded.
inline std::string percentEncoded(llvm::StringRef Path) {
  std::string Uri;
  for (unsigned char C : Path) {
    if (llvm::isAlnum(C) || llvm::StringRef("/-._~").contains(C))
      Uri += C;
    else
      Uri += "%" + llvm::utohexstr(C, /*LowerCase=*/false, /*Width=*/2);
  }
  return Uri;
}

} // namespace forksafe

#endif // FORKSAFE_CHECKS_FILEURI_H
