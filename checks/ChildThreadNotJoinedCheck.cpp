//===- ChildThreadNotJoinedCheck.cpp - a child exits over its threads -----===//
//
// docs/semantics.md: at a thread start in the child region, or in a function
// called from it, when on some path the child reaches _exit, _Exit, exit, an
// exec or a return from main while that thread was never joined (a detached
// thread never is). Fix-it: join the handle before each such exit.
//
//===----------------------------------------------------------------------===//

#include "Checks.h"
#include "Evidence.h"
#include "analysis/ThreadFlow.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include <optional>

namespace forksafe {

namespace {

struct ExitReached {
  SourcePos Pos;
  /// The statement of the fork's function before which a join would run
  /// in time, or InvalidIndex.
  uint32_t JoinBefore = InvalidIndex;
};

struct UnjoinedThread {
  RunningThread Thread;
  bool Detached = false;
  std::vector<ExitReached> Exits;
};

/// Runs the thread flow over the child region and gathers, per thread the
/// child starts, the exits it reaches while that thread may run.
std::vector<UnjoinedThread> collectUnjoined(const Analysis &A,
                                            const ChildRegion &R,
                                            ThreadFlowSpace &Space) {
  std::vector<UnjoinedThread> Threads;
  auto Record = [&](const RunningThread &T, ExitReached Exit) {
    // A library's own threads have no handle to join: the library's
    // shutdown call, if it has one, is not this check's business.
    const FunctionFacts *G = A.calleeFacts(A.call(T.Origin));
    if (G && G->ThreadSource && !G->rare().ThreadStart)
      return;
    auto It = llvm::find_if(Threads, [&](const UnjoinedThread &U) {
      return U.Thread.Origin == T.Origin;
    });
    if (It == Threads.end()) {
      Threads.push_back({T, false, {}});
      It = std::prev(Threads.end());
    }
    It->Detached |= T.Detached;
    bool Known = llvm::any_of(It->Exits, [&](const ExitReached &E) {
      return E.Pos.File == Exit.Pos.File && E.Pos.Offset == Exit.Pos.Offset;
    });
    if (!Known)
      It->Exits.push_back(Exit);
  };

  const FunctionId F = R.Site.Function;
  const Function &Fn = A.function(F);
  auto Follows = [&](uint32_t B, const Edge &E) {
    return (R.edgeClasses(E, R.exitClasses(B)) & Zero) != 0;
  };
  FlowRegion Region{
      {R.SitePlace.Block, R.SitePlace.Position + 1}, R.SitePlace, Follows};
  runThreadFlow(
      A.program(), A.allFacts(), F, Region, Space,
      [&](uint32_t, uint32_t, const Event &E, const ThreadSet &Before) {
        if (E.K == Event::Return) {
          const ReturnSite &Ret = Fn.Returns[E.Index];
          // A child entry's return ends the child too: its host exits.
          if ((Fn.IsMain || R.Kind == ProcessRole::ChildEntry) && !Ret.Unwinds)
            for (const RunningThread &T : Before.threads())
              Record(T, {Ret.Pos, Ret.Statement});
          return;
        }
        const CallSite &C = Fn.Calls[E.Index];
        CallRef Exit = exitPointOf({F, E.Index}, C, A.allFacts());
        if (Exit.isValid())
          for (const RunningThread &T : Before.threads())
            Record(T, {A.call(Exit).Pos, C.Statement});
        if (const FunctionFacts *G = A.calleeFacts(C))
          for (const ThreadAtExit &X : G->rare().ExitsWithThreads)
            Record({X.Thread.Origin, E.Index,
                    mapHandleToCaller(X.Thread.Key, C), X.Thread.Detached},
                   {A.call(X.Exit).Pos, InvalidIndex});
      });
  return Threads;
}

/// The name of the handle variable a join can use at every exit, or "".
std::string joinableHandle(const Analysis &A, const Function &Fn,
                           const UnjoinedThread &T) {
  const HandleKey &Key = T.Thread.Key;
  if (!Key.Exact)
    return "";
  if (Key.K == HandleKey::Global)
    return A.program().Names[Key.Id];
  if (Key.K != HandleKey::Local)
    return "";
  const LocalVar &V = Fn.detail().Locals[Key.Id];
  for (const ExitReached &Exit : T.Exits) {
    const StatementSpan &S = Fn.detail().Statements[Exit.JoinBefore];
    if (S.Begin < V.ScopeBegin || S.Begin >= V.ScopeEnd)
      return "";
  }
  return V.Name;
}

std::vector<TextEdit> joinFix(const Analysis &A, const ChildRegion &R,
                              const UnjoinedThread &T) {
  const Function &Fn = A.function(R.Site.Function);
  bool StartedHere = T.Thread.Origin.Function == R.Site.Function &&
                     T.Thread.Origin.Call == T.Thread.Via;
  if (T.Detached || !StartedHere ||
      llvm::any_of(T.Exits, [](const ExitReached &E) {
        return E.JoinBefore == InvalidIndex;
      }))
    return {};
  const CallSite &Start = A.call(T.Thread.Origin);
  std::optional<ThreadStartInfo> Info =
      threadStartOf(Start, A.facts(Start.Callee));
  std::string Handle = joinableHandle(A, Fn, T);
  // Joining a thread its attributes made detached is undefined.
  if (!Info || Info->JoinCall.empty() || Handle.empty() ||
      !startsJoinable(Start, *Info))
    return {};
  llvm::StringRef JoinFunction = joinFunctionName(Info->JoinCall);
  if (!JoinFunction.empty() &&
      !A.program().declares(R.Site.Function, JoinFunction))
    return {};
  std::string Join = Info->JoinCall.str();
  Join.replace(Join.find("%s"), 2, Handle);

  std::vector<TextEdit> Fixes;
  std::vector<uint32_t> Done;
  for (const ExitReached &Exit : T.Exits) {
    if (llvm::is_contained(Done, Exit.JoinBefore))
      continue;
    Done.push_back(Exit.JoinBefore);
    std::vector<TextEdit> Edits =
        editBesideStatement(Fn, Exit.JoinBefore, Join, Side::Before);
    Fixes.insert(Fixes.end(), Edits.begin(), Edits.end());
  }
  return Fixes;
}

Finding unjoinedFinding(const Analysis &A, const ChildRegion &R,
                        const UnjoinedThread &T) {
  std::string Fork = "'" + forkName(A, R) + "'";
  Finding F{CheckId::ChildThreadNotJoined, A.call(T.Thread.Origin).Pos,
            T.Detached ? "thread started in the child of " + Fork +
                             " is detached, and the child exits while it "
                             "may still run"
                       : "thread started in the child of " + Fork +
                             " is not joined before the child exits",
            {}, {}};
  Evidence E(A, F);
  E.forkSite(R);
  if (T.Thread.Origin.Function != R.Site.Function ||
      T.Thread.Origin.Call != T.Thread.Via) {
    const CallSite &Via = A.function(R.Site.Function).Calls[T.Thread.Via];
    E.note(Via.Pos, "'" + A.calleeName(Via) + "' is called here in the child");
  }
  for (const ExitReached &Exit : T.Exits)
    E.note(Exit.Pos, "the child exits here while the thread may still run");
  F.Fixes = joinFix(A, R, T);
  return F;
}

} // namespace

void checkChildThreadNotJoined(const Analysis &A, std::vector<Finding> &Out) {
  // A thread started in a function many children call is reported once,
  // with the first child that starts it.
  llvm::DenseSet<uint64_t> Reported;
  // The regions of a function come together: they share one space.
  FunctionId SpaceOf = InvalidIndex;
  std::optional<ThreadFlowSpace> Space;
  forEachForkChild(A, [&](const ChildRegion &R) {
    // A daemon's child is the program from then on: the threads it starts
    // are the program's, for its own shutdown to deal with.
    if (R.Kind == ProcessRole::Daemon || R.WrapsDaemon ||
        R.Escape == EscapeKind::Daemon)
      return;
    if (R.Site.Function != SpaceOf) {
      SpaceOf = R.Site.Function;
      Space.emplace(A.function(SpaceOf), A.allFacts());
    }
    for (const UnjoinedThread &T : collectUnjoined(A, R, *Space))
      if (Reported.insert(uint64_t(T.Thread.Origin.Function) << 32 |
                          T.Thread.Origin.Call)
              .second)
        Out.push_back(unjoinedFinding(A, R, T));
  });
}

} // namespace forksafe
