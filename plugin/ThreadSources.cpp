//===- ThreadSources.cpp - Where library threads start, in the model ------===//
//
// The source forms of the thread sources the tables know that are more than
// a call: the OpenMP directives that fork a team (lowered to a call of a
// pseudo-function), the struct sigevent that makes timer_create notify on
// a thread, and the initialisation of namespace-scope objects, which runs
// before main and may start threads there.
//
//===----------------------------------------------------------------------===//

#include "BodyLowering.h"
#include "knowledge/Knowledge.h"
#include "clang/AST/StmtOpenMP.h"
#include "clang/Basic/OpenMPKinds.h"
#include "clang/Lex/Lexer.h"
#include "llvm/Frontend/OpenMP/OMP.h"

using namespace clang;

namespace forksafe {
namespace lowering {

void BodyLowering::runOnInitializers(llvm::ArrayRef<const VarDecl *> Vars) {
  BodyBlocks.resize(1);
  Drafts.resize(1);
  Tracked.resize(1);
  Out.Entry = 0;
  BodyBlocks[0].Pos = B.pos(Vars.front()->getLocation());
  for (const VarDecl *V : Vars) {
    Initialized = V;
    lowerBorrowed(V->getInit(), V->getLocation(), 0);
  }
  Initialized = nullptr;
  ReturnSite Ret;
  Ret.Implicit = true;
  Ret.Pos = B.pos(Vars.back()->getLocation());
  Drafts[0].Events.push_back({Event::Return, addReturn(std::move(Ret))});
  freeze();
}

void BodyLowering::lowerOmpDirective(const OMPExecutableDirective *D,
                                     uint32_t Block) {
  OpenMPDirectiveKind Kind = D->getDirectiveKind();
  llvm::StringRef Source = isOpenMPParallelDirective(Kind) ? OmpParallelSource
                           : isOpenMPTeamsDirective(Kind)  ? OmpTeamsSource
                                                           : "";
  if (Source.empty())
    return;
  CallSite C;
  C.Callee = B.pseudoFunction(
      ("#pragma omp " + llvm::omp::getOpenMPDirectiveName(Kind)).str(), Source);
  C.Pos = B.pos(D->getBeginLoc());
  addCall(Block, std::move(C));
}

/// Whether E is SIGEV_THREAD: glibc's enumerator (which its macro of the
/// same name expands to), or another C library's macro.
static bool isSigevThread(const Expr *E, const SourceManager &SM,
                          const LangOptions &LangOpts) {
  E = E->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *Constant = dyn_cast<EnumConstantDecl>(DRE->getDecl()))
      return Constant->getName() == "SIGEV_THREAD";
  SourceLocation Loc = E->getBeginLoc();
  return Loc.isMacroID() &&
         Lexer::getImmediateMacroName(Loc, SM, LangOpts) == "SIGEV_THREAD";
}

bool BodyLowering::notifiesByThread(const Expr *E) const {
  const VarDecl *Var = addressedVariable(E);
  if (!Var || !Var->hasLocalStorage())
    return false;
  // `struct sigevent sev = {.sigev_notify = SIGEV_THREAD};`, or
  // `sev.sigev_notify = SIGEV_THREAD;` anywhere in the function.
  return llvm::any_of(fieldValues(Var, "sigev_notify"), [&](const Expr *V) {
    return isSigevThread(V, SM, Ctx.getLangOpts());
  });
}

} // namespace lowering

void lowerInitializers(ModelBuilder::Impl &B,
                       llvm::ArrayRef<const VarDecl *> Vars, Function &Out) {
  lowering::BodyLowering(B, nullptr, Out).runOnInitializers(Vars);
}

} // namespace forksafe
