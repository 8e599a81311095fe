//===- ForkInThreadCheck.cpp - fork() on a thread other than main ---------===//
//
// docs/semantics.md: at a fork site reachable from a thread start routine (MT
// rule 1) whose child escapes or whose result is never tested.
//
//===----------------------------------------------------------------------===//

#include "Checks.h"
#include "Evidence.h"

namespace forksafe {

void checkForkInThread(const Analysis &A, std::vector<Finding> &Out) {
  forEachForkChild(A, [&](const ChildRegion &R) {
    ContextReason Why = A.contextAt(R.Site.Function, R.Site.Call);
    // A wrapper's fork is reported at each call of the wrapper.
    if (R.escapes() && !R.Wrapped && Why.Rule == ContextRule::InThread)
      Out.push_back(escapingForkFinding(A, R, CheckId::ForkInThread, Why));
  });
}

} // namespace forksafe
