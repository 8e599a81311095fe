//===- Analysis.cpp - Everything the checks ask about a program -----------===//

#include "Analysis.h"

namespace forksafe {

static std::vector<std::vector<EventPlace>> placeAllCalls(const Program &P) {
  std::vector<std::vector<EventPlace>> Places;
  Places.reserve(P.Functions.size());
  for (const Function &Fn : P.Functions)
    Places.push_back(placeCalls(Fn));
  return Places;
}

Analysis::Analysis(const Program &P, const Options &Opts)
    : P(P), Opts(Opts), Callees(calleeLists(P)), Places(placeAllCalls(P)),
      Facts(computeFacts(P, Opts, Callees, Places)) {
  findThreadRoutines();
  propagateContext();
  findForkSites();
}

std::string Analysis::calleeName(const CallSite &C) const {
  if (C.Kind == CallKind::Throw)
    return "throw";
  if (C.Callee == InvalidIndex)
    return "a function pointer";
  return P.Functions[C.Callee].Name;
}

/// Breadth-first over call edges from the functions Via already reaches,
/// recording for each newly reached function the call that reached it.
static void reachCallees(const Program &P, std::vector<CallRef> &Via,
                         std::vector<FunctionId> Work) {
  for (size_t I = 0; I != Work.size(); ++I) {
    FunctionId G = Work[I];
    const Function &Fn = P.Functions[G];
    for (uint32_t C = 0; C != Fn.Calls.size(); ++C) {
      FunctionId H = Fn.Calls[C].Callee;
      if (H == InvalidIndex || Via[H].isValid())
        continue;
      Via[H] = {G, C};
      Work.push_back(H);
    }
  }
}

void Analysis::findThreadRoutines() {
  ThreadVia.assign(P.Functions.size(), CallRef{});
  IsRoutine.assign(P.Functions.size(), 0);
  std::vector<FunctionId> Routines;
  for (FunctionId F = 0; F != P.Functions.size(); ++F) {
    const Function &Fn = P.Functions[F];
    for (uint32_t C = 0; C != Fn.Calls.size(); ++C) {
      const FunctionFacts *G = calleeFacts(Fn.Calls[C]);
      if (!G)
        continue;
      std::optional<ThreadStartInfo> Start = threadStartOf(Fn.Calls[C], *G);
      if (!Start)
        continue;
      const ArgInfo *Routine = Fn.Calls[C].arg(Start->RoutineSlot);
      if (!Routine || Routine->Function == InvalidIndex ||
          ThreadVia[Routine->Function].isValid())
        continue;
      ThreadVia[Routine->Function] = {F, C};
      IsRoutine[Routine->Function] = 1;
      Routines.push_back(Routine->Function);
    }
  }
  reachCallees(P, ThreadVia, std::move(Routines));
}

void Analysis::propagateContext() {
  ContextVia.assign(P.Functions.size(), CallRef{});
  std::vector<FunctionId> Seeds;
  for (FunctionId F = 0; F != P.Functions.size(); ++F) {
    const Function &Fn = P.Functions[F];
    const std::vector<RunningThread> &Running = Facts[F].RunningBeforeCall;
    for (uint32_t C = 0; C != Running.size(); ++C) {
      FunctionId H = Fn.Calls[C].Callee;
      if (!Running[C].isValid() || H == InvalidIndex || ContextVia[H].isValid())
        continue;
      ContextVia[H] = {F, C};
      Seeds.push_back(H);
    }
  }
  reachCallees(P, ContextVia, std::move(Seeds));
}

void Analysis::findForkSites() {
  auto NoReturn = [&](const CallSite &C) { return neverReturns(C); };
  for (FunctionId F = 0; F != P.Functions.size(); ++F) {
    const Function &Fn = P.Functions[F];
    if (!Fn.HasBody || Fn.IsCLibrary || Fn.Entry == InvalidIndex)
      continue;
    for (uint32_t C = 0; C != Fn.Calls.size(); ++C) {
      const FunctionFacts *G = calleeFacts(Fn.Calls[C]);
      if (!G || G->forkKind() == ProcessRole::None ||
          Places[F][C].Block == InvalidIndex)
        continue;
      // A fork wrapper's own fork is reported at each call of the wrapper.
      if (Facts[F].ForkWrapper != ProcessRole::None && Facts[F].WrappedFork == C)
        continue;
      ForkSites.push_back(
          computeChildRegion(Fn, F, C, G->forkKind(), Places[F], NoReturn));
    }
  }
}

ContextReason Analysis::contextAt(FunctionId F, uint32_t Call) const {
  if (Opts.Threads == ThreadAssumption::None)
    return {};
  if (ThreadVia[F].isValid())
    return {ContextRule::InThread, {}};
  RunningThread Running = Facts[F].runningBefore(Call);
  if (Running.isValid())
    return {ContextRule::RunningThread, Running};
  if (ContextVia[F].isValid())
    return {ContextRule::CalledInContext, {}};
  if (Opts.Threads == ThreadAssumption::Assume)
    return {ContextRule::Assumed, {}};
  return {};
}

} // namespace forksafe
