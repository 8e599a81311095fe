//===- ClangReporter.h - Findings as clang diagnostics ----------*- C++ -*-===//

#ifndef FORKSAFE_PLUGIN_CLANGREPORTER_H
#define FORKSAFE_PLUGIN_CLANGREPORTER_H

#include "Finding.h"
#include "ModelBuilder.h"
#include "Suppression.h"
#include "WarningFlags.h"
#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/DenseMap.h"
#include <memory>

namespace clang {
class SourceManager;
} // namespace clang

namespace forksafe {

/// Reports findings through the compiler's DiagnosticsEngine. Clang applies
/// neither -W options, pragmas, -Werror, -w nor NOLINT to a plugin's custom
/// diagnostics, so this does.
class ClangReporter : public Reporter {
public:
  ClangReporter(clang::DiagnosticsEngine &Diags, const clang::SourceManager &SM,
                const ModelBuilder &Builder, const WarningFlags &Flags,
                bool WarningsAsErrors);
  ~ClangReporter() override;

  /// Whether F is to be reported: on where it is, and not silenced.
  bool wants(const Finding &F);
  void report(const Finding &F) override;

private:
  bool isSuppressed(const Finding &F);
  CheckSeverity severityOf(const Finding &F) const;

  clang::DiagnosticsEngine &Diags;
  const clang::SourceManager &SM;
  const ModelBuilder &Builder;
  const WarningFlags &Flags;
  bool WarningsAsErrors;
  unsigned WarningID;
  unsigned ErrorID;
  unsigned NoteID;
  llvm::DenseMap<uint32_t, std::unique_ptr<Suppressions>> FileSuppressions;
};

} // namespace forksafe

#endif // FORKSAFE_PLUGIN_CLANGREPORTER_H
