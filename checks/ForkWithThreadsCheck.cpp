//===- ForkWithThreadsCheck.cpp - fork() while threads may run ------------===//
//
// docs/semantics.md: at a fork site that is multithreaded by rules 2-5 (not
// rule 1, which is fork-in-thread's) and whose child escapes.
//
//===----------------------------------------------------------------------===//

#include "Checks.h"
#include "Evidence.h"

namespace forksafe {

void checkForkWithThreads(const Analysis &A, std::vector<Finding> &Out) {
  forEachForkChild(A, [&](const ChildRegion &R) {
    ContextReason Why = A.contextAt(R.Site.Function, R.Site.Call);
    // A wrapper's fork is reported at each call of the wrapper.
    if (R.escapes() && !R.Wrapped && Why.isMultithreaded() &&
        Why.Rule != ContextRule::InThread)
      Out.push_back(escapingForkFinding(A, R, CheckId::ForkWithThreads, Why));
  });
}

} // namespace forksafe
