//===- Suppression.h - NOLINT comments, as clang-tidy reads them -*- C++ -*-===//

#ifndef FORKSAFE_CHECKS_SUPPRESSION_H
#define FORKSAFE_CHECKS_SUPPRESSION_H

#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace forksafe {

/// The NOLINT comments of one file: `NOLINT`, `NOLINTNEXTLINE` and
/// `NOLINTBEGIN` ... `NOLINTEND`, each with an optional list of check globs
/// in parentheses: `// NOLINT(forksafe-exit-in-child)`.
class Suppressions {
public:
  explicit Suppressions(llvm::StringRef Text);

  /// Whether the comments suppress Check ("forksafe-exit-in-child") at the
  /// byte Offset.
  bool suppresses(uint32_t Offset, llvm::StringRef Check) const;

private:
  struct Region {
    uint32_t Begin, End;
    std::string Checks;
  };

  llvm::StringRef Text;
  std::vector<Region> Regions;
};

} // namespace forksafe

#endif // FORKSAFE_CHECKS_SUPPRESSION_H
