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

SourceLocation ClangReporter::location(uint32_t File, uint32_t Offset) const {
  FileID FID = Builder.fileID(File);
  if (FID.isInvalid())
    return {};
  return SM.getLocForStartOfFile(FID).getLocWithOffset(Offset);
}

SourceLocation ClangReporter::location(const SourcePos &P) const {
  if (P.HostLocation)
    return SourceLocation::getFromRawEncoding(
        static_cast<SourceLocation::UIntTy>(P.HostLocation));
  return location(P.File, P.Offset);
}

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
    DiagnosticBuilder D = Diags.Report(location(F.Pos), FindingID);
    D << (F.Message + " [forksafe-" + checkName(F.Check) + "]").str();
    for (const TextEdit &Edit : F.Fixes) {
      SourceLocation Begin = location(Edit.File, Edit.Offset);
      if (Edit.Length == 0)
        D << FixItHint::CreateInsertion(Begin, Edit.Replacement);
      else
        D << FixItHint::CreateReplacement(
            CharSourceRange::getCharRange(
                Begin, Begin.getLocWithOffset(Edit.Length)),
            Edit.Replacement);
    }
  }
  for (const Note &N : F.Notes)
    Diags.Report(location(N.Pos), NoteID) << N.Message;
}

} // namespace forksafe
