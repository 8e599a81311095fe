//===- ChildFallthroughCheck.cpp - a failed exec runs the parent's code ---===//
//
// docs/semantics.md: at an exec in the child region from which a path leaves
// the child branch, or returns from a function other than main, before a child
// end, exit() or a return from main. Fix-it: `_exit(127);` after the exec.
//
//===----------------------------------------------------------------------===//

#include "Checks.h"
#include "Evidence.h"

namespace forksafe {

namespace {

struct Astray {
  SourcePos Where;
  EscapeKind How = EscapeKind::None;
};

/// Where the child goes after exec call at From fails, if it escapes.
Astray afterFailedExec(const Analysis &A, const ChildRegion &R,
                       EventPlace From) {
  const Function &Fn = A.function(R.Site.Function);
  Astray First;
  auto Escape = [&](SourcePos Where, EscapeKind How, uint32_t Block) {
    // Code that also runs without a fork and ends the process on every path
    // (an error label's `_exit(1)`) does not let the failed child run on.
    if (How == EscapeKind::JoinsUnforked &&
        endsOnEveryPath(Fn, Block, R.SitePlace.Block,
                        [&](const CallSite &C) { return A.neverReturns(C); }))
      return;
    if (First.How == EscapeKind::None)
      First = {Where, How};
  };
  walkChildPaths(
      Fn, R, From,
      [&](uint32_t B, uint32_t, const Event &E) {
        if (E.K == Event::Return) {
          const ReturnSite &Ret = Fn.Returns[E.Index];
          if (!Fn.IsMain)
            Escape(Ret.Pos, EscapeKind::Returns, B);
          return false;
        }
        const CallSite &C = Fn.Calls[E.Index];
        const FunctionFacts *G = A.calleeFacts(C);
        bool EndsChild = G && (G->EndsChild != ChildEnd::None ||
                               G->Role == ProcessRole::Exit);
        return !EndsChild && !A.neverReturns(C);
      },
      Escape);
  return First;
}

Finding fallthroughFinding(const Analysis &A, const ChildRegion &R,
                           const CallSite &Exec, const Astray &Where) {
  const Function &Fn = A.function(R.Site.Function);
  std::string Name = "'" + A.calleeName(Exec) + "'";
  std::string Consequence =
      Where.How == EscapeKind::Returns
          ? "returns from '" + Fn.Name.str() + "' and runs its caller's code"
          : Where.How == EscapeKind::JoinsUnforked
              ? "goes on into code that also runs without a fork"
              : "goes on into code the parent runs";
  Finding F{CheckId::ChildFallthrough, Exec.Pos,
            "if " + Name + " fails, the child " + Consequence, {}, {}};
  Evidence E(A, F);
  E.forkSite(R);
  E.note(Where.Where, Where.How == EscapeKind::Returns
                          ? "the child returns from here"
                          : "the child goes on here");
  // After a statement that only calls the exec: one that tests its result
  // (`if (execv(...) < 0) { ...; return 1; }`) may escape before.
  if (Exec.StandsAlone && A.program().declares(R.Site.Function, "_exit"))
    F.Fixes = editBesideStatement(Fn, Exec.Statement, "_exit(127);",
                                  Side::After);
  return F;
}

} // namespace

void checkChildFallthrough(const Analysis &A, std::vector<Finding> &Out) {
  forEachForkChild(A, [&](const ChildRegion &R) {
    const Function &Fn = A.function(R.Site.Function);
    A.forEachChildEvent(R, [&](uint32_t B, uint32_t I, const Event &E) {
      if (E.K != Event::Call || !isExecLike(A, Fn.Calls[E.Index]))
        return;
      Astray Where = afterFailedExec(A, R, {B, I});
      if (Where.How != EscapeKind::None)
        Out.push_back(fallthroughFinding(A, R, Fn.Calls[E.Index], Where));
    });
  });
}

} // namespace forksafe
