//===- ClangReporter.cpp - Findings as clang diagnostics ------------------===//

#include "ClangReporter.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace forksafe {

ClangReporter::ClangReporter(DiagnosticsEngine &Diags, const SourceManager &SM,
                             const ModelBuilder &Builder,
                             const WarningFlags &Flags, bool WarningsAsErrors)
    : Diags(Diags), SM(SM), Builder(Builder), Flags(Flags),
      WarningsAsErrors(WarningsAsErrors || Diags.getWarningsAsErrors()) {
  WarningID = Diags.getCustomDiagID(DiagnosticsEngine::Warning, "%0");
  ErrorID = Diags.getCustomDiagID(DiagnosticsEngine::Error, "%0");
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

CheckSeverity ClangReporter::severityOf(const Finding &F) const {
  return Flags.severityAt(F.Check, Builder.location(F.Pos), SM,
                          WarningsAsErrors, Diags.getIgnoreAllWarnings());
}

bool ClangReporter::wants(const Finding &F) {
  return severityOf(F) != CheckSeverity::Ignored && !isSuppressed(F);
}

void ClangReporter::report(const Finding &F) {
  {
    unsigned ID = severityOf(F) == CheckSeverity::Error ? ErrorID : WarningID;
    DiagnosticBuilder D = Diags.Report(Builder.location(F.Pos), ID);
    D << (F.Message + " [forksafe-" + checkName(F.Check) + "]").str();
    for (const TextEdit &Edit : F.Fixes)
      D << Builder.fixIt(Edit);
  }
  for (const Note &N : F.Notes)
    Diags.Report(Builder.location(N.Pos), NoteID) << N.Message;
}

} // namespace forksafe
