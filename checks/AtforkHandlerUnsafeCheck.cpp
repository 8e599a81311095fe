//===- AtforkHandlerUnsafeCheck.cpp - unsafe calls in atfork handlers -----===//
//
// semantics.md, "Handlers": at each call of a pthread_atfork child handler
// that is, or reaches, a function that is not async-signal-safe, other than
// the unlocking and re-initialising of locks that the handler is for, in a
// program whose forks may happen while other threads run.
//
//===----------------------------------------------------------------------===//

#include "Checks.h"
#include "Evidence.h"

namespace forksafe {

namespace {

/// Why the child that runs the handler registered by H may be the child of
/// a multithreaded process; adds that story to E. False when nothing says
/// so.
bool explainThreads(const Analysis &A, const HandlerRegistration &H,
                    Evidence &E) {
  SourcePos Where = A.call(H.At).Pos;
  ContextReason AtRegistration = A.contextAt(H.At.Function, H.At.Call);
  if (AtRegistration.isMultithreaded()) {
    E.context(H.At.Function, AtRegistration, Where);
    return true;
  }
  if (A.options().Threads == ThreadAssumption::None)
    return false;
  for (const ChildRegion &R : A.forkSites()) {
    ContextReason Why = A.contextAt(R.Site.Function, R.Site.Call);
    if (R.Kind != ProcessRole::Fork || !R.hasSiteCall() ||
        A.forkFlavor(R) != ForkFlavor::Fork || !Why.isMultithreaded())
      continue;
    E.context(R.Site.Function, Why, A.call(R.Site).Pos);
    E.note(A.call(R.Site).Pos, "the child of '" + forkName(A, R) +
                                   "' runs the handler, while other threads "
                                   "may be running at the fork");
    return true;
  }
  // A program that starts threads and registers atfork handlers means to
  // fork while they run: that is what the handlers are for.
  for (FunctionId F = 0; F != A.program().Functions.size(); ++F)
    if (A.isThreadRoutine(F)) {
      E.note(A.call(A.threadReach(F)).Pos,
             "a thread started here may be running at a fork");
      return true;
    }
  return false;
}

/// Whether the unsafe functions call C reaches are all the handler's
/// protocol: `unlock_all()` that unlocks what the prepare handler locked.
bool onlyProtocol(const Analysis &A, const CallSite &C) {
  if (C.Callee == InvalidIndex)
    return false;
  if (isAtforkProtocol(A.function(C.Callee).LookupName))
    return true;
  llvm::ArrayRef<FunctionId> Reached =
      A.reachedUnsafe(C.Callee, ForkFlavor::Fork);
  return !Reached.empty() && llvm::all_of(Reached, [&](FunctionId G) {
    return isAtforkProtocol(A.function(G).LookupName);
  });
}

bool isReported(const Analysis &A, const CallSite &C) {
  switch (callSafety(A, C, ForkFlavor::Fork)) {
  case Safety::Safe:
    return false;
  case Safety::Unknown:
    return A.options().Unknown == UnknownPolicy::Unsafe;
  case Safety::Unsafe:
    return !onlyProtocol(A, C);
  }
  return false;
}

Finding unsafeHandlerCallFinding(const Analysis &A,
                                 const HandlerRegistration &H, uint32_t Call) {
  const CallSite &C = A.function(H.Handler).Calls[Call];
  Finding F{CheckId::AtforkHandlerUnsafe, C.Pos, "", {}, {}};
  Evidence E(A, F);
  explainThreads(A, H, E);
  std::string Handler = A.functionName(H.Handler);
  E.note(A.call(H.At).Pos,
         "'" + Handler + "' is registered here as the child handler");
  CallRef Culprit = E.unsafeChain({H.Handler, Call}, ForkFlavor::Fork);
  std::string Name = A.calleeName(C);
  std::string CulpritName = A.calleeName(A.call(Culprit));
  std::string Verdict =
      callSafety(A, C, ForkFlavor::Fork) == Safety::Unknown
          ? "which may not be async-signal-safe"
          : "which is not async-signal-safe";
  F.Message = C.Kind == CallKind::Throw
                  ? "throwing an exception in the atfork child handler '" +
                        Handler + "' is not async-signal-safe"
                  : "call to '" + Name + "' in the atfork child handler '" +
                        Handler + "'" +
                        (CulpritName == Name ? ", "
                                             : " reaches '" + CulpritName +
                                                   "', ") +
                        Verdict;
  return F;
}

/// Whether the handler registered by H runs in the child of a
/// multithreaded process.
bool runsWithThreads(const Analysis &A, const HandlerRegistration &H) {
  Finding Scratch{CheckId::AtforkHandlerUnsafe, {}, "", {}, {}};
  Evidence E(A, Scratch);
  return explainThreads(A, H, E);
}

} // namespace

void checkAtforkHandlerUnsafe(const Analysis &A, std::vector<Finding> &Out) {
  for (const HandlerRegistration &H : A.handlers()) {
    if (H.Kind != HandlerKind::AtforkChild || !runsWithThreads(A, H))
      continue;
    const Function &Fn = A.function(H.Handler);
    for (uint32_t B = 0; B != Fn.Blocks.size(); ++B)
      for (const Event &E : Fn.events(B))
        if (E.K == Event::Call && isReported(A, Fn.Calls[E.Index]))
          Out.push_back(unsafeHandlerCallFinding(A, H, E.Index));
  }
}

} // namespace forksafe
