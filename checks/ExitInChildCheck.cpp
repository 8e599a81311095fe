//===- ExitInChildCheck.cpp - exit() where only _exit() belongs -----------===//
//
// docs/semantics.md: at an exit() call or a return from main in the child
// region, after an exec on that path (any context), or anywhere in a bounded
// child of a multithreaded fork or of a program that registers atexit handlers
// outside the child. Fix-it: exit -> _exit, return N -> _exit(N).
//
//===----------------------------------------------------------------------===//

#include "Checks.h"
#include "Evidence.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"

namespace forksafe {

namespace {

/// An exit of the child: an exit() call or a return from main.
struct ChildExit {
  Event At;
  /// The exec that failed before it, if it is reached after one.
  const CallSite *FailedExec = nullptr;
  /// An exit handler of the parent's that it runs again, if any.
  const HandlerRegistration *Handler = nullptr;
};

/// An atexit handler the parent registered, which the child's exit() runs
/// again: one registered outside the child region of R.
const HandlerRegistration *parentExitHandler(const Analysis &A,
                                             const ChildRegion &R) {
  llvm::DenseSet<uint32_t> InChild;
  A.forEachChildEvent(R, [&](uint32_t, uint32_t, const Event &E) {
    if (E.K == Event::Call)
      InChild.insert(E.Index);
  });
  for (const HandlerRegistration &H : A.handlers())
    if (H.Kind == HandlerKind::Exit &&
        (H.At.Function != R.Site.Function || !InChild.contains(H.At.Call)))
      return &H;
  return nullptr;
}

/// The exits reached after a failed exec, then, for a bounded child of a
/// multithreaded fork, every other exit of the child.
std::vector<ChildExit> childExits(const Analysis &A, const ChildRegion &R) {
  const Function &Fn = A.function(R.Site.Function);
  std::vector<ChildExit> Exits;
  auto Add = [&](const Event &E, const CallSite *Exec) {
    if (llvm::none_of(Exits, [&](const ChildExit &X) {
          return X.At.K == E.K && X.At.Index == E.Index;
        }))
      Exits.push_back({E, Exec});
  };

  A.forEachChildEvent(R, [&](uint32_t B, uint32_t I, const Event &E) {
    if (E.K != Event::Call || !isExecLike(A, Fn.Calls[E.Index]))
      return;
    const CallSite *Exec = &Fn.Calls[E.Index];
    walkChildPaths(
        Fn, R, {B, I},
        [&](uint32_t, uint32_t, const Event &Next) {
          if (Next.K == Event::Return) {
            if (isMainReturn(Fn, Next))
              Add(Next, Exec);
            return false;
          }
          const CallSite &C = Fn.Calls[Next.Index];
          const FunctionFacts *G = A.calleeFacts(C);
          if (G && G->runsExit())
            Add(Next, Exec);
          return !A.neverReturns(C);
        },
        [](SourcePos, EscapeKind, uint32_t) {});
  });

  const HandlerRegistration *Handler =
      A.firstHandler(HandlerKind::Exit) ? parentExitHandler(A, R) : nullptr;
  if (R.checkedAsBounded() &&
      (Handler || A.contextAt(R.Site.Function, R.Site.Call).isMultithreaded()))
    A.forEachChildEvent(R, [&](uint32_t, uint32_t, const Event &E) {
      if (isMainReturn(Fn, E) ||
          (E.K == Event::Call && isExitCall(A, Fn.Calls[E.Index])))
        Add(E, nullptr);
    });
  for (ChildExit &X : Exits)
    X.Handler = Handler;
  return Exits;
}

/// The exit() Exit after the failed exec Exec, both in Holder, a function
/// the child reaches through the calls Hops.
Finding exitInCalleeFinding(const Analysis &A, const ChildRegion &R,
                            llvm::ArrayRef<CallRef> Hops, FunctionId Holder,
                            const ExitAfterExec &X) {
  const Function &HolderFn = A.function(Holder);
  const CallSite &Exit = HolderFn.Calls[X.Exit];
  bool IsExit = isExitCall(A, Exit);
  Finding F{CheckId::ExitInChild, Exit.Pos,
            IsExit ? "'exit' after a failed exec runs the parent's atexit "
                     "handlers and flushes its stdio buffers a second time; "
                     "call '_exit' instead"
                   : "'" + A.calleeName(Exit) +
                         "' after a failed exec calls 'exit', which runs the "
                         "parent's atexit handlers and flushes its stdio "
                         "buffers a second time; end the child with '_exit'",
            {}, {}};
  Evidence E(A, F);
  E.forkSite(R);
  // The call in the child, then the calls nearest the exit.
  E.note(A.call(Hops.front()).Pos, "'" + A.calleeName(A.call(Hops.front())) +
                                       "' is called here in the child");
  size_t Nearest = std::min<size_t>(Hops.size() - 1, MaxChainNotes - 1);
  for (CallRef Hop : Hops.take_back(Nearest))
    E.note(A.call(Hop).Pos, "'" + A.function(Hop.Function).Name.str() +
                                "' calls '" + A.calleeName(A.call(Hop)) +
                                "' here");
  E.note(HolderFn.Calls[X.FailedExec].Pos,
         "if this exec fails, the child goes on");
  if (!IsExit)
    E.exitChain({Holder, X.Exit});
  else if (const TextEdit *Rewrite = HolderFn.rewriteOf(Exit))
    F.Fixes = {*Rewrite};
  return F;
}

/// Every exit() after a failed exec inside the functions that the child's
/// call Call reaches (`do_child()` that execs, then calls exit() if that
/// fails). Each is reported once, with the first child and chain that reach
/// it: Explored holds the functions whose exits are reported already.
void exitsInCallees(const Analysis &A, const ChildRegion &R, CallRef Call,
                    llvm::DenseSet<FunctionId> &Explored,
                    std::vector<Finding> &Out) {
  // Depth first, without recursion: chains can be as long as the program.
  struct Frame {
    FunctionId Holder;
    size_t Next = 0;
  };
  std::vector<CallRef> Hops{Call};
  std::vector<Frame> Stack;
  auto Enter = [&](FunctionId Holder) {
    if (Explored.insert(Holder).second)
      Stack.push_back({Holder});
    else
      Hops.pop_back();
  };
  Enter(A.call(Call).Callee);
  while (!Stack.empty()) {
    Frame &Top = Stack.back();
    llvm::ArrayRef<ExitAfterExec> Exits =
        A.facts(Top.Holder).rare().ExitsAfterExec;
    if (Top.Next == Exits.size()) {
      Stack.pop_back();
      Hops.pop_back();
      continue;
    }
    const ExitAfterExec &X = Exits[Top.Next++];
    if (X.FailedExec != InvalidIndex) {
      Out.push_back(exitInCalleeFinding(A, R, Hops, Top.Holder, X));
      continue;
    }
    FunctionId Holder = Top.Holder;
    Hops.push_back({Holder, X.Exit});
    Enter(A.function(Holder).Calls[X.Exit].Callee);
  }
}

Finding exitThroughCallFinding(const Analysis &A, const ChildRegion &R,
                               const ChildExit &X) {
  const CallSite &C = A.function(R.Site.Function).Calls[X.At.Index];
  Finding F{CheckId::ExitInChild, C.Pos, "", {}, {}};
  Evidence E(A, F);
  E.forkSite(R);
  E.note(X.FailedExec->Pos, "if this exec fails, the child goes on");
  E.exitChain({R.Site.Function, X.At.Index});
  F.Message = "'" + A.calleeName(C) +
              "' after a failed exec calls 'exit', which runs the parent's "
              "atexit handlers and flushes its stdio buffers a second time; "
              "end the child with '_exit'";
  return F;
}

Finding exitFinding(const Analysis &A, const ChildRegion &R,
                    const ChildExit &X) {
  const Function &Fn = A.function(R.Site.Function);
  bool IsReturn = X.At.K == Event::Return;
  // A call of a function that runs exit(), like err() or the program's own
  // die(), is told apart from exit() itself.
  bool Indirect = !IsReturn && !isExitCall(A, Fn.Calls[X.At.Index]);
  if (Indirect)
    return exitThroughCallFinding(A, R, X);
  std::string What = !IsReturn ? "'exit'"
                     : Fn.Returns[X.At.Index].Implicit
                         ? "falling off the end of 'main'"
                         : "returning from 'main'";
  std::string Effect =
      X.FailedExec
          ? " after a failed exec runs the parent's atexit handlers and "
            "flushes its stdio buffers a second time"
          : " in the child of a multithreaded process runs atexit handlers "
            "and flushes stdio, which are not async-signal-safe";
  if (IsReturn)
    Effect = X.FailedExec
                 ? " after a failed exec calls 'exit', which runs the "
                   "parent's atexit handlers and flushes its stdio buffers "
                   "a second time"
                 : " in the child of a multithreaded process calls 'exit', "
                   "which is not async-signal-safe";
  // The parent's handler named says more than the threads: it runs in
  // every such child.
  if (X.Handler && !X.FailedExec)
    Effect = std::string(IsReturn ? " in the child calls 'exit', which runs"
                                  : " in the child runs") +
             " the parent's atexit handler '" +
             A.functionName(X.Handler->Handler) + "' a second time";
  SourcePos Pos = IsReturn ? Fn.Returns[X.At.Index].Pos
                           : Fn.Calls[X.At.Index].Pos;
  Finding F{CheckId::ExitInChild, Pos, What + Effect + "; call '_exit' instead",
            {}, {}};
  Evidence E(A, F);
  if (X.Handler)
    E.note(A.call(X.Handler->At).Pos,
           "'" + A.functionName(X.Handler->Handler) +
               "' is registered here");
  else if (!X.FailedExec)
    E.context(R.Site.Function, A.contextAt(R.Site.Function, R.Site.Call),
              childStartPos(A, R));
  E.forkSite(R);
  if (X.FailedExec)
    E.note(X.FailedExec->Pos, "if this exec fails, the child goes on");
  if (IsReturn)
    llvm::append_range(F.Fixes, Fn.exitRewriteOf(Fn.Returns[X.At.Index]));
  else if (const TextEdit *Rewrite = Fn.rewriteOf(Fn.Calls[X.At.Index]))
    F.Fixes = {*Rewrite};
  return F;
}

} // namespace

void checkExitInChild(const Analysis &A, std::vector<Finding> &Out) {
  llvm::DenseSet<FunctionId> Explored;
  forEachForkChild(A, [&](const ChildRegion &R) {
    for (const ChildExit &X : childExits(A, R))
      Out.push_back(exitFinding(A, R, X));
    const Function &Fn = A.function(R.Site.Function);
    A.forEachChildEvent(R, [&](uint32_t, uint32_t, const Event &E) {
      const FunctionFacts *G =
          E.K == Event::Call ? A.calleeFacts(Fn.Calls[E.Index]) : nullptr;
      if (G && !G->rare().ExitsAfterExec.empty())
        exitsInCallees(A, R, {R.Site.Function, E.Index}, Explored, Out);
    });
  });
}

} // namespace forksafe
