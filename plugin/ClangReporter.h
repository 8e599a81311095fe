//===- ClangReporter.h - Findings as clang diagnostics ----------*- C++ -*-===//

#ifndef FORKSAFE_PLUGIN_CLANGREPORTER_H
#define FORKSAFE_PLUGIN_CLANGREPORTER_H

#include "Finding.h"
#include "ModelBuilder.h"
#include "Suppression.h"
#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/DenseMap.h"
#include <memory>

namespace clang {
class SourceManager;
} // namespace clang

namespace forksafe {

/// Reports findings through the compiler's DiagnosticsEngine. Clang applies
/// neither -Werror, -w nor NOLINT to a plugin's custom diagnostics, so this
/// does.
class ClangReporter : public Reporter {
public:
  ClangReporter(clang::DiagnosticsEngine &Diags,
                const clang::SourceManager &SM, const ModelBuilder &Builder,
                bool WarningsAsErrors);
  ~ClangReporter() override;

  void report(const Finding &F) override;

private:
  bool isSuppressed(const Finding &F);

  clang::DiagnosticsEngine &Diags;
  const clang::SourceManager &SM;
  const ModelBuilder &Builder;
  unsigned FindingID;
  unsigned NoteID;
  llvm::DenseMap<uint32_t, std::unique_ptr<Suppressions>> FileSuppressions;
};

} // namespace forksafe

#endif // FORKSAFE_PLUGIN_CLANGREPORTER_H
