//===- ForkInSignalHandlerCheck.cpp - fork() from a signal handler --------===//
//
// semantics.md, "Handlers": at each call of a signal handler that is, or
// reaches through functions with bodies, fork(), daemon(), forkpty(),
// system() or popen(). POSIX.1-2024 took fork() off the list of
// async-signal-safe functions; _Fork() is the one a handler may call.
//
//===----------------------------------------------------------------------===//

#include "Checks.h"
#include "Evidence.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

namespace forksafe {

namespace {

/// Whether call C forks by itself: fork, forkpty or daemon (not _Fork or
/// vfork), or a library function that forks inside.
bool forksHere(const Analysis &A, const CallSite &C) {
  if (C.Callee == InvalidIndex)
    return false;
  const Function &G = A.function(C.Callee);
  ProcessRole Role = A.facts(C.Callee).Role;
  if (Role == ProcessRole::Fork)
    return !A.knowledge().isRawFork(G.LookupName);
  // vfork runs no atfork handler and takes no lock: crash handlers use it
  // to start a debugger, as they would _Fork.
  return Role == ProcessRole::Daemon ||
         (G.IsCLibrary && forksInside(G.LookupName));
}

/// For each call of Handler that forks, or reaches a call that forks
/// through functions with bodies, the chain of calls from it down to that
/// call (breadth first: the shortest).
std::vector<std::vector<CallRef>> chainsToFork(const Analysis &A,
                                               FunctionId Handler) {
  std::vector<std::vector<CallRef>> Chains;
  // For each function reached, the call it was reached through.
  llvm::DenseMap<FunctionId, CallRef> Via;
  llvm::DenseSet<uint32_t> Reported;
  std::vector<FunctionId> Work;
  auto Visit = [&](CallRef C) {
    if (forksHere(A, A.call(C))) {
      std::vector<CallRef> Chain{C};
      for (FunctionId F = C.Function; F != Handler;) {
        Chain.push_back(Via.lookup(F));
        F = Chain.back().Function;
      }
      if (Reported.insert(Chain.back().Call).second)
        Chains.emplace_back(Chain.rbegin(), Chain.rend());
      return;
    }
    FunctionId G = A.call(C).Callee;
    if (G != InvalidIndex && G != Handler && A.function(G).HasBody &&
        Via.try_emplace(G, C).second)
      Work.push_back(G);
  };
  Work.push_back(Handler);
  for (size_t I = 0; I != Work.size(); ++I)
    for (uint32_t C = 0; C != A.function(Work[I]).Calls.size(); ++C)
      Visit({Work[I], C});
  return Chains;
}

Finding forkInHandlerFinding(const Analysis &A, const HandlerRegistration &H,
                             llvm::ArrayRef<CallRef> Chain) {
  const CallSite &First = A.call(Chain.front());
  std::string Handler = A.functionName(H.Handler);
  std::string Forker = A.calleeName(A.call(Chain.back()));
  std::string Message = "call to '" + A.calleeName(First) +
                        "' in the signal handler '" + Handler + "'";
  if (Chain.size() > 1)
    Message += " reaches '" + Forker + "', which";
  Message += Forker == "fork"
                 ? " is not async-signal-safe (POSIX.1-2024); call '_Fork' "
                   "or fork outside the handler"
                 : " forks, which is not async-signal-safe; fork outside the "
                   "handler";
  Finding F{CheckId::ForkInSignalHandler, First.Pos, Message, {}, {}};
  Evidence E(A, F);
  E.note(A.call(H.At).Pos,
         "'" + Handler + "' is installed as a signal handler here");
  for (CallRef Hop : Chain.drop_front().take_back(MaxChainNotes))
    E.note(A.call(Hop).Pos, "'" + A.functionName(Hop.Function) + "' calls '" +
                                A.calleeName(A.call(Hop)) + "' here");
  return F;
}

} // namespace

void checkForkInSignalHandler(const Analysis &A, std::vector<Finding> &Out) {
  for (const HandlerRegistration &H : A.handlers())
    if (H.Kind == HandlerKind::Signal)
      for (const std::vector<CallRef> &Chain : chainsToFork(A, H.Handler))
        Out.push_back(forkInHandlerFinding(A, H, Chain));
}

} // namespace forksafe
