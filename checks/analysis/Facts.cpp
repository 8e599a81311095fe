//===- Facts.cpp - Per-function facts, computed bottom-up -----------------===//

#include "Facts.h"
#include "SignalSafety.h"
#include "ThreadFlow.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include <optional>

namespace forksafe {

namespace {
constexpr unsigned SummaryLimit = 16;
} // namespace

void initDeclarationFacts(const Function &Fn, FunctionId Id, const Options &Opts,
                          const Knowledge &Know, FunctionFacts &F,
                          SafetyTable &Safety) {
  F.Role = Know.processRole(Fn.LookupName);
  if (std::optional<ThreadStartApi> Api = Know.threadStartApi(Fn.LookupName))
    F.editRare().ThreadStart = ThreadStartInfo{
        Api->RoutineSlot, Api->HandleSlot, Api->AttrSlot, false, Api->JoinCall};
  if (std::optional<ThreadSourceApi> Source = Know.threadSource(Fn.LookupName))
    F.ThreadSource = ThreadSourceCondition{Source->When,
                                           static_cast<int8_t>(Source->Slot)};
  if (std::optional<int32_t> Slot = Know.threadJoinSlot(Fn.LookupName))
    F.editRare().JoinSlot = Slot;
  if (std::optional<ThreadJoinEachApi> Each = Know.threadJoinEach(Fn.LookupName)) {
    F.JoinEachRange = static_cast<int8_t>(Each->RangeSlot);
    F.JoinEachCallback = static_cast<int8_t>(Each->CallbackSlot);
  }
  if (std::optional<int32_t> Slot = Know.threadDetachSlot(Fn.LookupName))
    F.editRare().DetachSlot = Slot;
  llvm::SmallVector<ReinitRole, 2> Reinit = Know.reinitRoles(Fn.LookupName);
  if (!Reinit.empty())
    F.editRare().Reinit.assign(Reinit.begin(), Reinit.end());
  F.NoReturn = Fn.DeclaredNoReturn || F.Role == ProcessRole::ChildExit ||
               F.Role == ProcessRole::Abort || F.Role == ProcessRole::Exit;
  if (F.Role == ProcessRole::Exec)
    F.EndsChild = ChildEnd::Exec;
  if (F.Role == ProcessRole::ChildExit || F.Role == ProcessRole::Abort)
    F.EndsChild = ChildEnd::Terminate;
  if (!Fn.HasBody || Fn.IsCLibrary)
    F.VforkForbidden =
        F.Role != ProcessRole::Exec && F.Role != ProcessRole::ChildExit;
  F.SafetyDeclared = Know.declaredSignalSafe(Fn.LookupName).has_value();
  initSafetyFacts(Fn, Id, Opts, Know, Safety);
}

namespace {

/// Computes the summaries of one function with a body from its callees'.
class Summarizer {
public:
  Summarizer(const Program &P, const Knowledge &Know,
             std::vector<FunctionFacts> &Facts, SafetyTable &Safety,
             FunctionId F, llvm::ArrayRef<EventPlace> Places,
             llvm::ArrayRef<char> Reachable)
      : P(P), Know(Know), Facts(Facts), Safety(Safety), F(F),
        Fn(P.Functions[F]), Reachable(Reachable), Places(Places) {}

  /// Recomputes Facts[F]; returns whether anything a caller sees changed.
  bool run();

private:
  bool callNeverReturns(const CallSite &C) const {
    return C.DeclaredNoReturn ||
           (C.Callee != InvalidIndex && Facts[C.Callee].NoReturn);
  }
  const FunctionFacts *callee(const CallSite &C) const {
    return C.Callee == InvalidIndex ? nullptr : &Facts[C.Callee];
  }

  /// Walks the blocks reachable from the entry; Step decides for each call
  /// whether the path goes on, and returns reached by the walk are Bad.
  enum class PathEnd { GoesOn, Ends, Bad };
  bool allPathsEnd(llvm::function_ref<PathEnd(const CallSite &)> Step,
                   bool &SawEnd) const;

  bool mayReturn() const;
  ChildEnd childEnd() const;
  CallRef firstExitCall() const;
  void findExitWitness(FunctionFacts &Out) const;
  void findExitAfterExec(FunctionFacts &Out) const;
  void findForkWrapper(FunctionFacts &Out) const;
  /// A function that returns only in the child of its forks (a daemonize()
  /// whose parent exits inside it) is a fork site like daemon().
  void findReturnsOnlyInChild(FunctionFacts &Out) const;
  /// Whether a return is reached from the entry without passing one of
  /// the calls Forks, in call order.
  bool returnsWithoutFork(llvm::ArrayRef<uint32_t> Forks) const;
  /// Whether the child of R's fork returns its fork result from the
  /// function without passing an exec.
  bool returnsChildResult(const ChildRegion &R) const;
  void findThreadWrapper(FunctionFacts &Out) const;
  void computeVforkVerdict(FunctionFacts &Out) const;
  /// A function that re-initialises (or creates) a handle its caller
  /// names, or the process-wide state, is a re-init call for its callers:
  /// `reset_loop(base)` that calls event_reinit(base).
  void findReinitHelper(FunctionFacts &Out) const;
  void computeHandleUses(FunctionFacts &Out) const;
  void computeThreadSummaries(FunctionFacts &Out) const;
  void computeAlwaysJoins(FunctionFacts &Out) const;

  const Program &P;
  const Knowledge &Know;
  std::vector<FunctionFacts> &Facts;
  SafetyTable &Safety;
  FunctionId F;
  const Function &Fn;
  llvm::ArrayRef<char> Reachable;
  llvm::ArrayRef<EventPlace> Places;
};

bool Summarizer::allPathsEnd(llvm::function_ref<PathEnd(const CallSite &)> Step,
                             bool &SawEnd) const {
  std::vector<char> Seen(Fn.Blocks.size(), 0);
  std::vector<uint32_t> Work{Fn.Entry};
  Seen[Fn.Entry] = 1;
  SawEnd = false;
  while (!Work.empty()) {
    uint32_t B = Work.back();
    Work.pop_back();
    bool GoesOn = true;
    for (const Event &E : Fn.events(B)) {
      if (E.K == Event::Return)
        return false;
      PathEnd End = Step(Fn.Calls[E.Index]);
      if (End == PathEnd::Bad)
        return false;
      if (End == PathEnd::Ends) {
        SawEnd = true;
        GoesOn = false;
        break;
      }
    }
    if (!GoesOn)
      continue;
    for (const Edge &E : Fn.succs(B))
      if (!Seen[E.Target]) {
        Seen[E.Target] = 1;
        Work.push_back(E.Target);
      }
  }
  return true;
}

bool Summarizer::mayReturn() const {
  // Without a call that ends the process, any reachable return is reached.
  if (llvm::none_of(Fn.Calls,
                    [&](const CallSite &C) { return callNeverReturns(C); })) {
    for (uint32_t B = 0; B != Fn.Blocks.size(); ++B)
      if (Reachable[B] &&
          llvm::any_of(Fn.events(B),
                       [](const Event &E) { return E.K == Event::Return; }))
        return true;
    return false;
  }
  bool Unused;
  return !allPathsEnd(
      [&](const CallSite &C) {
        return callNeverReturns(C) ? PathEnd::Ends : PathEnd::GoesOn;
      },
      Unused);
}

ChildEnd Summarizer::childEnd() const {
  if (llvm::none_of(Fn.Calls, [&](const CallSite &C) {
        const FunctionFacts *G = callee(C);
        return G && G->EndsChild != ChildEnd::None;
      }))
    return ChildEnd::None;
  auto Classify = [&](bool ExecEnds) {
    bool SawEnd;
    bool AllEnd = allPathsEnd(
        [&](const CallSite &C) {
          const FunctionFacts *G = callee(C);
          if (G && G->EndsChild == ChildEnd::Terminate)
            return PathEnd::Ends;
          if (ExecEnds && G && G->EndsChild == ChildEnd::Exec)
            return PathEnd::Ends;
          return callNeverReturns(C) ? PathEnd::Bad : PathEnd::GoesOn;
        },
        SawEnd);
    return AllEnd && SawEnd;
  };
  if (Classify(/*ExecEnds=*/false))
    return ChildEnd::Terminate;
  // Exec-like: it execs on every path, and returns when the exec fails. One
  // that calls exit() after the exec never returns, and ends no child.
  if (!Facts[F].NoReturn && Classify(/*ExecEnds=*/true))
    return ChildEnd::Exec;
  return ChildEnd::None;
}

CallRef Summarizer::firstExitCall() const {
  for (uint32_t I = 0; I != Fn.Calls.size(); ++I) {
    if (Places[I].Block == InvalidIndex || !Reachable[Places[I].Block])
      continue;
    CallRef Exit = exitPointOf({F, I}, Fn.Calls[I], Facts);
    if (Exit.isValid())
      return Exit;
  }
  return {};
}

void Summarizer::findExitWitness(FunctionFacts &Out) const {
  // Kept once found, so that witnesses point to functions found before.
  if (Out.ExitWitness != InvalidIndex)
    return;
  // One that can end with _exit too chooses by its arguments, as
  // `bail(int in_child) { if (in_child) _exit(2); exit(2); }` does: which
  // one a call runs is not known here.
  for (const CallSite &C : Fn.Calls)
    if (const FunctionFacts *G = callee(C);
        G && (G->Role == ProcessRole::ChildExit ||
              G->EndsChild == ChildEnd::Terminate))
      return;
  for (uint32_t I = 0; I != Fn.Calls.size(); ++I) {
    const FunctionFacts *G = callee(Fn.Calls[I]);
    if (G && G->runsExit() && Places[I].Block != InvalidIndex &&
        Reachable[Places[I].Block]) {
      Out.ExitWitness = I;
      return;
    }
  }
}

bool Summarizer::returnsChildResult(const ChildRegion &R) const {
  // The child's paths from the fork, up to a return of the fork result. A
  // path through an exec is a spawn helper's failed exec, not a wrapper's
  // return: `pid = fork(); if (pid == 0) execv(...); return pid;`.
  llvm::DenseSet<uint32_t> Seen;
  std::vector<uint32_t> Work;
  auto Walk = [&](uint32_t B, uint32_t From) {
    llvm::ArrayRef<Event> Events = Fn.events(B);
    for (uint32_t I = From; I < Events.size(); ++I) {
      const Event &E = Events[I];
      if (E.K == Event::Return) {
        // The fork result itself: `return 0;` in the child is as often an
        // exit status as a pid, and docs/semantics.md counts only the result.
        const ReturnSite &Ret = Fn.Returns[E.Index];
        return !Ret.Unwinds && (R.classesAt(B, I) & Zero) &&
               llvm::is_contained(Ret.ValueFromCalls, R.Site.Call);
      }
      const CallSite &C = Fn.Calls[E.Index];
      const FunctionFacts *G = callee(C);
      if ((B == R.SitePlace.Block && I == R.SitePlace.Position) ||
          callNeverReturns(C) || (G && G->EndsChild != ChildEnd::None))
        return false;
    }
    for (const Edge &E : Fn.succs(B))
      if ((R.edgeClasses(E, R.exitClasses(B)) & Zero) &&
          Seen.insert(E.Target).second)
        Work.push_back(E.Target);
    return false;
  };
  if (Walk(R.SitePlace.Block, R.SitePlace.Position + 1))
    return true;
  while (!Work.empty()) {
    uint32_t B = Work.back();
    Work.pop_back();
    if (Walk(B, 0))
      return true;
  }
  return false;
}

void Summarizer::findExitAfterExec(FunctionFacts &Out) const {
  Out.resetRare(&RareFacts::ExitsAfterExec);
  auto Reached = [&](uint32_t Call) {
    return Places[Call].Block != InvalidIndex && Reachable[Places[Call].Block];
  };
  auto Add = [&](ExitAfterExec X) {
    if (Out.rare().ExitsAfterExec.size() < SummaryLimit &&
        llvm::none_of(
            Out.rare().ExitsAfterExec,
            [&](const ExitAfterExec &Known) { return Known.Exit == X.Exit; }))
      Out.editRare().ExitsAfterExec.push_back(X);
  };
  // An exec here, then calls that run exit() on paths after it.
  for (uint32_t X = 0; X != Fn.Calls.size(); ++X) {
    const FunctionFacts *Exec = callee(Fn.Calls[X]);
    if (!Exec || Exec->EndsChild != ChildEnd::Exec || !Reached(X))
      continue;
    std::vector<char> Seen(Fn.Blocks.size(), 0);
    std::vector<std::pair<uint32_t, uint32_t>> Work{
        {Places[X].Block, Places[X].Position + 1}};
    while (!Work.empty()) {
      auto [B, From] = Work.back();
      Work.pop_back();
      llvm::ArrayRef<Event> Events = Fn.events(B);
      bool GoesOn = true;
      for (uint32_t I = From; I < Events.size() && GoesOn; ++I) {
        if (Events[I].K != Event::Call)
          continue;
        const CallSite &C = Fn.Calls[Events[I].Index];
        const FunctionFacts *G = callee(C);
        // The exit() that ends this path.
        if (G && G->runsExit()) {
          Add({Events[I].Index, X});
          GoesOn = false;
          break;
        }
        GoesOn = !callNeverReturns(C);
      }
      if (GoesOn)
        for (const Edge &E : Fn.succs(B))
          if (!Seen[E.Target]) {
            Seen[E.Target] = 1;
            Work.push_back({E.Target, 0});
          }
    }
  }
  // Calls of functions that do so.
  for (uint32_t I = 0; I != Fn.Calls.size(); ++I) {
    const FunctionFacts *G = callee(Fn.Calls[I]);
    if (G && !G->rare().ExitsAfterExec.empty() && Reached(I))
      Add({I, InvalidIndex});
  }
}

void Summarizer::findForkWrapper(FunctionFacts &Out) const {
  // Nothing calls main: its child that returns ends the process.
  if (Fn.IsMain)
    return;
  auto NoReturn = [&](const CallSite &C) { return callNeverReturns(C); };
  auto OnlyFails = [&](const CallSite &C) {
    const FunctionFacts *G = callee(C);
    return G && G->Role == ProcessRole::Exec;
  };
  std::optional<FunctionRegions> Regions;
  for (uint32_t I = 0; I != Fn.Calls.size(); ++I) {
    const FunctionFacts *G = callee(Fn.Calls[I]);
    if (!G || G->forkKind() == ProcessRole::None ||
        Places[I].Block == InvalidIndex)
      continue;
    if (!Regions)
      Regions.emplace(Fn, F, Places, NoReturn, OnlyFails);
    ChildRegion R = Regions->childClasses(I, G->forkKind());
    if (!returnsChildResult(R) ||
        llvm::is_contained(Out.rare().WrappedForks, I))
      continue;
    if (Out.ForkWrapper == ProcessRole::None)
      Out.ForkWrapper = G->forkKind();
    Out.editRare().WrappedForks.push_back(I);
  }
}

bool Summarizer::returnsWithoutFork(llvm::ArrayRef<uint32_t> Forks) const {
  std::vector<char> Seen(Fn.Blocks.size(), 0);
  std::vector<uint32_t> Work{Fn.Entry};
  Seen[Fn.Entry] = 1;
  while (!Work.empty()) {
    uint32_t B = Work.back();
    Work.pop_back();
    bool GoesOn = true;
    for (const Event &E : Fn.events(B)) {
      if (E.K == Event::Return)
        return true;
      // Forks is in call order.
      if (std::binary_search(Forks.begin(), Forks.end(), E.Index) ||
          callNeverReturns(Fn.Calls[E.Index])) {
        GoesOn = false;
        break;
      }
    }
    if (GoesOn)
      for (const Edge &E : Fn.succs(B))
        if (!Seen[E.Target]) {
          Seen[E.Target] = 1;
          Work.push_back(E.Target);
        }
  }
  return false;
}

void Summarizer::findReturnsOnlyInChild(FunctionFacts &Out) const {
  // main's child that returns ends the process; a fork wrapper returns in
  // the parent too.
  if (Fn.IsMain || Out.ForkWrapper != ProcessRole::None)
    return;
  llvm::SmallVector<uint32_t, 2> Forks;
  for (uint32_t I = 0; I != Fn.Calls.size(); ++I) {
    const FunctionFacts *G = callee(Fn.Calls[I]);
    ProcessRole Kind = G ? G->forkKind() : ProcessRole::None;
    if ((Kind == ProcessRole::Fork || Kind == ProcessRole::Daemon) &&
        Places[I].Block != InvalidIndex && Reachable[Places[I].Block])
      Forks.push_back(I);
  }
  if (Forks.empty() || returnsWithoutFork(Forks))
    return;
  auto NoReturn = [&](const CallSite &C) { return callNeverReturns(C); };
  auto OnlyFails = [&](const CallSite &C) {
    const FunctionFacts *G = callee(C);
    return G && G->Role == ProcessRole::Exec;
  };
  // Every return a fork reaches is reached where its result is not the
  // parent's: the child's, or -1 in a process that could not fork (as
  // daemon() returns -1). Then each path to a return passes the child side
  // of the last fork on it.
  FunctionRegions Regions(Fn, F, Places, NoReturn, OnlyFails);
  llvm::SmallVector<uint32_t, 2> ChildForks;
  for (uint32_t Fork : Forks) {
    ChildRegion R =
        Regions.classesEverywhere(Fork, callee(Fn.Calls[Fork])->forkKind());
    uint8_t AtReturns = 0;
    auto Walk = [&](uint32_t B, uint32_t From, uint32_t To) {
      llvm::ArrayRef<Event> Events = Fn.events(B);
      for (uint32_t I = From; I < To && I < Events.size(); ++I) {
        if (Events[I].K == Event::Return) {
          if (!Fn.Returns[Events[I].Index].Unwinds)
            AtReturns |= R.classesAt(B, I);
        } else if (callNeverReturns(Fn.Calls[Events[I].Index])) {
          return;
        }
      }
    };
    Walk(R.SitePlace.Block, R.SitePlace.Position + 1, ~0u);
    R.forEachBlock([&](const RegionBlock &B) {
      if (B.Classes)
        Walk(B.Block, 0,
             B.Block == R.SitePlace.Block ? R.SitePlace.Position : ~0u);
    });
    if (AtReturns & Positive)
      return;
    if (AtReturns & Zero)
      ChildForks.push_back(Fork);
  }
  if (ChildForks.empty())
    return;
  Out.ForkWrapper = ProcessRole::Daemon;
  // A fork made while this function's own threads run is reported where it
  // is: its callers may see no thread.
  Out.resetRare(&RareFacts::WrappedForks);
  for (uint32_t Fork : ChildForks)
    if (!Out.runningBefore(Fork).isValid())
      Out.editRare().WrappedForks.push_back(Fork);
}

void Summarizer::findThreadWrapper(FunctionFacts &Out) const {
  for (const CallSite &C : Fn.Calls) {
    const FunctionFacts *G = callee(C);
    if (!G)
      continue;
    std::optional<ThreadStartInfo> Start = threadStartOf(C, *G);
    if (!Start)
      continue;
    const ArgInfo *Routine = C.arg(Start->RoutineSlot);
    if (!Routine || Routine->ForwardsParam == InvalidIndex)
      continue;
    HandleKey Handle = handleAt(C, Start->HandleSlot);
    Out.IsThreadWrapper = true;
    Out.editRare().ThreadStart = ThreadStartInfo{
        static_cast<int32_t>(Routine->ForwardsParam),
        Handle.K == HandleKey::Param ? static_cast<int32_t>(Handle.Id) : NoSlot,
        NoSlot, !startsJoinable(C, *Start), Start->JoinCall};
    return;
  }
}

void Summarizer::computeVforkVerdict(FunctionFacts &Out) const {
  // Kept once found, so that witnesses point to functions found before.
  if (Out.VforkForbidden)
    return;
  if (Fn.OutsideWrite.isValid()) {
    Out.VforkForbidden = true;
    return;
  }
  for (uint32_t I = 0; I != Fn.Calls.size(); ++I) {
    if (Places[I].Block == InvalidIndex || !Reachable[Places[I].Block])
      continue;
    const CallSite &C = Fn.Calls[I];
    const FunctionFacts *G = callee(C);
    if (C.Kind == CallKind::Throw || !G || G->VforkForbidden) {
      Out.VforkForbidden = true;
      Out.VforkWitness = I;
      return;
    }
  }
}

void Summarizer::findReinitHelper(FunctionFacts &Out) const {
  if (Know.reinitApis().empty())
    return;
  llvm::SmallVector<ReinitRole, 2> Inferred;
  for (uint32_t I = 0; I != Fn.Calls.size(); ++I) {
    const FunctionFacts *G = callee(Fn.Calls[I]);
    if (!G || G->rare().Reinit.empty())
      continue;
    for (const HandleUse &U : handlesReadiedBy(Know, Fn.Calls[I], I, G)) {
      int32_t Slot = NoSlot;
      if (U.Key.K == HandleKey::Param)
        Slot = static_cast<int32_t>(U.Key.Id);
      else if (U.Key.isKnown() || !Know.reinitApis()[U.Api].isProcessWide())
        continue;
      if (llvm::none_of(Inferred, [&](const ReinitRole &R) {
            return R.Api == U.Api && R.Slot == Slot;
          }))
        Inferred.push_back({U.Api, ReinitRole::Reinit, Slot});
    }
  }
  // The tables' word on a function stands over what its body does.
  if (Inferred.empty() || !Know.reinitRoles(Fn.LookupName).empty())
    return;
  Out.editRare().Reinit.assign(Inferred.begin(), Inferred.end());
}

void Summarizer::computeHandleUses(FunctionFacts &Out) const {
  Out.resetRare(&RareFacts::HandleUses);
  if (Know.reinitApis().empty())
    return;
  llvm::SmallVector<HandleUse, 2> Readied;
  for (uint32_t I = 0; I != Fn.Calls.size(); ++I)
    llvm::append_range(Readied,
                       handlesReadiedBy(Know, Fn.Calls[I], I, callee(Fn.Calls[I])));
  auto Exported = [](const HandleUse &U) {
    return !U.Key.isKnown() || U.Key.K == HandleKey::Param ||
           U.Key.K == HandleKey::Global || U.Key.K == HandleKey::Field;
  };
  for (uint32_t I = 0; I != Fn.Calls.size(); ++I) {
    if (Places[I].Block == InvalidIndex || !Reachable[Places[I].Block])
      continue;
    for (const HandleUse &U :
         handleUsesOf(P, Know, Fn.Calls[I], I, callee(Fn.Calls[I]))) {
      auto Same = [&](const HandleUse &O) { return sameHandle(O, U); };
      if (Out.rare().HandleUses.size() == SummaryLimit || !Exported(U) ||
          llvm::any_of(Readied, Same) ||
          llvm::any_of(Out.rare().HandleUses, Same))
        continue;
      Out.editRare().HandleUses.push_back(U);
    }
  }
}

/// A thread as a caller sees it once this function has returned at Ret:
/// the function's locals are gone, but the handle it returns is the
/// caller's (as if it were an argument in ResultSlot).
RunningThread exported(RunningThread T, const ReturnSite &Ret) {
  if (T.Key.K != HandleKey::Local)
    return T;
  T.Key = T.Key.Id == Ret.ReturnsLocal
              ? HandleKey{HandleKey::Param, static_cast<uint32_t>(ResultSlot),
                          true}
              : HandleKey{};
  return T;
}

void Summarizer::computeThreadSummaries(FunctionFacts &Out) const {
  Out.resetRare(&RareFacts::RunningBeforeCall);
  Out.resetRare(&RareFacts::LeavesRunning);
  Out.resetRare(&RareFacts::ExitsWithThreads);
  // Only thread starts, and calls that return with threads or exit over
  // them, bring threads into a function.
  if (llvm::none_of(Fn.Calls, [&](const CallSite &C) {
        const FunctionFacts *G = callee(C);
        return G && (G->rare().ThreadStart || G->ThreadSource ||
                     !G->rare().LeavesRunning.empty() ||
                     !G->rare().ExitsWithThreads.empty());
      }))
    return;
  RareFacts &Threads = Out.editRare();
  Threads.RunningBeforeCall.assign(Fn.Calls.size(), RunningThread{});
  auto AddLeaving = [&](const RunningThread &T, const ReturnSite &Ret) {
    if (Threads.LeavesRunning.size() == SummaryLimit)
      return;
    RunningThread E = exported(T, Ret);
    if (llvm::none_of(Threads.LeavesRunning,
                      [&](const RunningThread &O) { return O.sameThread(E); }))
      Threads.LeavesRunning.push_back(E);
  };
  auto AddExit = [&](const RunningThread &T, CallRef Exit) {
    if (Threads.ExitsWithThreads.size() == SummaryLimit)
      return;
    if (llvm::none_of(Threads.ExitsWithThreads, [&](const ThreadAtExit &O) {
          return O.Thread.Origin == T.Origin && O.Exit == Exit;
        }))
      Threads.ExitsWithThreads.push_back(ThreadAtExit{T, Exit});
  };
  auto FollowsAll = [](uint32_t, const Edge &) { return true; };
  FlowRegion Whole{{Fn.Entry, 0}, {}, FollowsAll};
  ThreadFlowSpace Space(Fn, Facts);
  runThreadFlow(P, Facts, F, Whole, Space,
                [&](uint32_t, uint32_t, const Event &E,
                    const ThreadSet &Before) {
                  if (E.K == Event::Return) {
                    for (const RunningThread &T : Before.threads())
                      AddLeaving(T, Fn.Returns[E.Index]);
                    return;
                  }
                  const CallSite &C = Fn.Calls[E.Index];
                  if (!Before.empty() &&
                      !Threads.RunningBeforeCall[E.Index].isValid())
                    Threads.RunningBeforeCall[E.Index] =
                        Before.threads().front();
                  CallRef Exit = exitPointOf({F, E.Index}, C, Facts);
                  if (Exit.isValid())
                    for (const RunningThread &T : Before.threads())
                      AddExit(T, Exit);
                  if (const FunctionFacts *G = callee(C))
                    for (const ThreadAtExit &X : G->rare().ExitsWithThreads)
                      AddExit({X.Thread.Origin, E.Index,
                               mapHandleToCaller(X.Thread.Key, C),
                               X.Thread.Detached},
                              X.Exit);
                });
}

/// Keys a caller can name: globals, fields, and its own arguments.
bool exportable(const HandleKey &K) {
  return K.K == HandleKey::Global || K.K == HandleKey::Field ||
         K.K == HandleKey::Param;
}

void Summarizer::computeAlwaysJoins(FunctionFacts &Out) const {
  Out.resetRare(&RareFacts::AlwaysJoins);
  // The keys joined by a call that a caller can name too.
  auto JoinedBy = [&](const CallSite &C) {
    llvm::SmallVector<HandleKey, 2> Keys = handlesJoinedBy(C, callee(C), Facts);
    llvm::erase_if(Keys, [](const HandleKey &K) { return !exportable(K); });
    return Keys;
  };
  if (llvm::none_of(Fn.Calls,
                    [&](const CallSite &C) { return !JoinedBy(C).empty(); }))
    return;

  // Must-analysis: the keys joined on every path. An unvisited block holds
  // "everything" (std::nullopt).
  using KeySet = llvm::SmallVector<HandleKey, 2>;
  auto Contains = [](const KeySet &S, const HandleKey &K) {
    return llvm::any_of(S, [&](const HandleKey &O) { return O.sameObject(K); });
  };
  auto Intersect = [&](std::optional<KeySet> &Into, const KeySet &With) {
    if (!Into) {
      Into = With;
      return true;
    }
    size_t Before = Into->size();
    llvm::erase_if(*Into, [&](const HandleKey &K) { return !Contains(With, K); });
    return Into->size() != Before;
  };
  const EdgeJoins LoopExits = loopExitJoins(Fn, Facts);
  std::vector<std::optional<KeySet>> In(Fn.Blocks.size());
  std::optional<KeySet> AtReturn;
  In[Fn.Entry] = KeySet{};
  std::vector<uint32_t> Work{Fn.Entry};
  std::vector<char> Queued(Fn.Blocks.size(), 0);
  Queued[Fn.Entry] = 1;
  while (!Work.empty()) {
    uint32_t B = Work.back();
    Work.pop_back();
    Queued[B] = 0;
    KeySet S = *In[B];
    bool GoesOn = true;
    for (const Event &E : Fn.events(B)) {
      if (E.K == Event::Return) {
        Intersect(AtReturn, S);
        GoesOn = false;
        break;
      }
      const CallSite &C = Fn.Calls[E.Index];
      for (const HandleKey &K : JoinedBy(C))
        if (!Contains(S, K))
          S.push_back(K);
      if (callNeverReturns(C)) {
        GoesOn = false;
        break;
      }
    }
    if (!GoesOn)
      continue;
    const auto &Succs = Fn.succs(B);
    for (uint32_t I = 0; I != Succs.size(); ++I) {
      KeySet Leaving = S;
      if (!LoopExits.empty())
        for (const auto &[Succ, Key] : LoopExits[B])
          if (Succ == I && exportable(Key) && !Contains(Leaving, Key))
            Leaving.push_back(Key);
      if (Intersect(In[Succs[I].Target], Leaving) && !Queued[Succs[I].Target]) {
        Queued[Succs[I].Target] = 1;
        Work.push_back(Succs[I].Target);
      }
    }
  }
  if (AtReturn)
    for (const HandleKey &K : *AtReturn)
      if (Out.rare().AlwaysJoins.size() < SummaryLimit)
        Out.editRare().AlwaysJoins.push_back(K);
}

/// What a caller's view of a function depends on, to detect a fixpoint.
auto signature(const FunctionFacts &F) {
  return std::make_tuple(
      F.NoReturn, F.EndsChild, F.ForkWrapper, F.rare().WrappedForks.size(),
      F.IsThreadWrapper, F.ExitCall.Function, F.ExitCall.Call, F.ExitWitness,
      F.rare().ExitsAfterExec.size(), F.VforkForbidden, F.rare().Reinit.size(),
      F.rare().HandleUses.size(), F.rare().LeavesRunning.size(),
      F.rare().AlwaysJoins.size(), F.rare().ExitsWithThreads.size());
}

/// What a caller's view of a function's safety depends on, but for the list
/// of culprits it reaches (settled apart: see computeFacts).
auto safetySignature(const SafetyTable &Safety, FunctionId F) {
  auto Of = [&](ForkFlavor Flavor) {
    const SafetyFacts &S = Safety.at(F, Flavor);
    return std::make_pair(S.Level, S.Harm);
  };
  return std::make_pair(Of(ForkFlavor::Fork), Of(ForkFlavor::RawFork));
}

bool Summarizer::run() {
  FunctionFacts &Out = Facts[F];
  auto Before = signature(Out);
  auto SafetyBefore = safetySignature(Safety, F);
  // A project's child end stands over what its body says.
  bool DeclaredEnd = Out.Role == ProcessRole::ChildExit;
  Out.NoReturn = Fn.DeclaredNoReturn || DeclaredEnd || !mayReturn();
  Out.EndsChild = DeclaredEnd ? ChildEnd::Terminate : childEnd();
  Out.ExitCall = firstExitCall();
  findExitWitness(Out);
  findExitAfterExec(Out);
  findForkWrapper(Out);
  // The tables' word on a thread API stands over what its body suggests.
  if (!Out.rare().ThreadStart)
    findThreadWrapper(Out);
  if (!Out.SafetyDeclared)
    summarizeSafety(Fn, F, Places, Reachable, Facts, Safety);
  computeVforkVerdict(Out);
  findReinitHelper(Out);
  computeHandleUses(Out);
  computeThreadSummaries(Out);
  computeAlwaysJoins(Out);
  // After the thread summaries: which forks run with this function's own
  // threads.
  findReturnsOnlyInChild(Out);
  return signature(Out) != Before ||
         safetySignature(Safety, F) != SafetyBefore;
}

} // namespace

bool summarizeFunction(const Program &P, const Knowledge &Know,
                       std::vector<FunctionFacts> &Facts, SafetyTable &Safety,
                       FunctionId F, llvm::ArrayRef<EventPlace> Places,
                       llvm::ArrayRef<char> Reachable) {
  return Summarizer(P, Know, Facts, Safety, F, Places, Reachable).run();
}

} // namespace forksafe
