//===- UnsafeCallInChildCheck.cpp - unsafe calls in a multithreaded child -===//
//
// docs/semantics.md: at each call in the bounded child of a multithreaded fork
// that is, or reaches, a function that is not async-signal-safe. (An escaping
// child is reported once at its fork by fork-in-thread or fork-with-threads.)
// Fix-it: printf/puts/fputs/fprintf of plain text to stdout or stderr becomes
// write().
//
//===----------------------------------------------------------------------===//

#include "Checks.h"
#include "Evidence.h"

namespace forksafe {

namespace {

bool isReported(const Analysis &A, const CallSite &C, ForkFlavor Flavor) {
  switch (callSafety(A, C, Flavor)) {
  case Safety::Safe:
    return false;
  case Safety::Unknown:
    return A.options().Unknown == UnknownPolicy::Unsafe;
  case Safety::Unsafe:
    return true;
  }
  return false;
}

Finding unsafeCallFinding(const Analysis &A, const ChildRegion &R,
                          ForkFlavor Flavor, const ContextReason &Why,
                          uint32_t Call) {
  const Function &Fn = A.function(R.Site.Function);
  const CallSite &C = Fn.Calls[Call];
  Finding F{CheckId::UnsafeCallInChild, C.Pos, "", {}, {}};
  Evidence E(A, F);
  E.context(R.Site.Function, Why, childStartPos(A, R));
  E.forkSite(R);
  CallRef CulpritCall = E.unsafeChain({R.Site.Function, Call}, Flavor);
  E.otherCulprits({R.Site.Function, Call}, CulpritCall, Flavor);
  std::string Culprit = A.calleeName(A.call(CulpritCall));
  std::string Name = A.calleeName(C);
  bool Unknown = callSafety(A, C, Flavor) == Safety::Unknown;
  std::string Verdict = Unknown ? "which may not be async-signal-safe"
                                : "which is not async-signal-safe";
  if (C.Kind == CallKind::Throw)
    F.Message = "throwing an exception in the child of a multithreaded "
                "process is not async-signal-safe";
  else if (Culprit == Name)
    F.Message = "call to '" + Name +
                "' in the child of a multithreaded process, " + Verdict;
  else
    F.Message = "call to '" + Name +
                "' in the child of a multithreaded process reaches '" +
                Culprit + "', " + Verdict;
  if (const TextEdit *Rewrite = Fn.rewriteOf(C))
    F.Fixes = {*Rewrite};
  else
    E.note(C.Pos, "do this before the fork, or use posix_spawn");
  return F;
}

} // namespace

void checkUnsafeCallInChild(const Analysis &A, std::vector<Finding> &Out) {
  forEachForkChild(A, [&](const ChildRegion &R) {
    ContextReason Why = A.contextAt(R.Site.Function, R.Site.Call);
    if (!R.checkedAsBounded() || !Why.isMultithreaded())
      return;
    const Function &Fn = A.function(R.Site.Function);
    ForkFlavor Flavor = A.forkFlavor(R);
    A.forEachChildEvent(R, [&](uint32_t, uint32_t, const Event &E) {
      if (E.K == Event::Call && isReported(A, Fn.Calls[E.Index], Flavor))
        Out.push_back(unsafeCallFinding(A, R, Flavor, Why, E.Index));
    });
  });
}

} // namespace forksafe
