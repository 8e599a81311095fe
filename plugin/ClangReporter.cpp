//===- ClangReporter.cpp - Findings as clang diagnostics ------------------===//

#include "ClangReporter.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace forksafe {

ClangReporter::ClangReporter(DiagnosticsEngine &Diags, const SourceManager &SM,
                             const ModelBuilder &Builder, bool WarningsAsErrors)
    : Diags(Diags), SM(SM), Builder(Builder) {
  bool AsErrors = WarningsAsErrors || Diags.getWarningsAsErrors();
  FindingID = Diags.getCustomDiagID(
      AsErrors ? DiagnosticsEngine::Error : DiagnosticsEngine::Warning, "%0");
  NoteID = Diags.getCustomDiagID(DiagnosticsEngine::Note, "%0");
}

ClangReporter::~ClangReporter() = default;

bool ClangReporter::isSuppressed(const Finding &F) {
  std::unique_ptr<Suppressions> &Comments = FileSuppressions[F.Pos.File];
  if (!Comments) {
    FileID FID = Builder.fileID(F.Pos.File);
    if (FID.isInvalid())
      return false;
    Comments = std::make_unique<Suppressions>(SM.getBufferData(FID));
  }
  return Comments->suppresses(F.Pos.Offset,
                              ("forksafe-" + checkName(F.Check)).str());
}

void ClangReporter::report(const Finding &F) {
  if (Diags.getIgnoreAllWarnings() || isSuppressed(F))
    return;
  {
    DiagnosticBuilder D = Diags.Report(Builder.location(F.Pos), FindingID);
    D << (F.Message + " [forksafe-" + checkName(F.Check) + "]").str();
    for (const TextEdit &Edit : F.Fixes)
      D << Builder.fixIt(Edit);
  }
  for (const Note &N : F.Notes)
    Diags.Report(Builder.location(N.Pos), NoteID) << N.Message;
}

} // namespace forksafe
