//===- Analysis.cpp - Everything the checks ask about a program -----------===//

#include "Analysis.h"
#include "llvm/ADT/DenseMap.h"
#include <optional>

namespace forksafe {

Analysis::Analysis(const Program &P, const Options &Opts)
    : P(P), Opts(Opts), Know(Opts.Project), Callees(calleeLists(P)),
      Places(placeCalls(P)),
      Facts(computeFacts(P, Opts, Know, Callees, Places, Safety)) {
  findThreadRoutines();
  findThreadsBeforeMain();
  findLibraryEntryReach();
  propagateContext();
  findForkSites();
  findHandlers();
}

void Analysis::findLibraryEntryReach() {
  if (Opts.Threads != ThreadAssumption::Auto)
    return;
  bool DefinesMain = llvm::any_of(
      P.Functions, [](const Function &F) { return F.IsMain && F.HasBody; });
  bool LibraryCode =
      Opts.WholeProgram ||
      (!P.Units.empty() && llvm::all_of(P.Units, [](const Unit &U) {
        return U.SharedLibraryCode;
      }));
  AsLibrary = !DefinesMain && LibraryCode;
  if (!AsLibrary)
    return;
  // The exported functions are what its callers can call; what they reach
  // runs while the callers' threads may.
  ReachedFromExports.assign(P.Functions.size(), false);
  std::vector<FunctionId> Work;
  for (FunctionId F = 0; F != P.Functions.size(); ++F)
    if (P.Functions[F].HasBody && !P.Functions[F].LinkageName.empty()) {
      ReachedFromExports[F] = true;
      Work.push_back(F);
    }
  while (!Work.empty()) {
    FunctionId F = Work.back();
    Work.pop_back();
    for (FunctionId Callee : Callees[F])
      if (!ReachedFromExports[Callee]) {
        ReachedFromExports[Callee] = true;
        Work.push_back(Callee);
      }
  }
}

void Analysis::findHandlers() {
  // Few functions register handlers: a map of them, not a table as large as
  // the program.
  llvm::SmallDenseMap<FunctionId, llvm::ArrayRef<HandlerSlot>, 4> SlotsOf;
  for (FunctionId F = 0; F != P.Functions.size(); ++F)
    if (P.Functions[F].IsCLibrary)
      if (llvm::ArrayRef<HandlerSlot> Slots =
              handlerSlots(P.Functions[F].LookupName);
          !Slots.empty())
        SlotsOf[F] = Slots;
  if (SlotsOf.empty())
    return;
  for (FunctionId F = 0; F != P.Functions.size(); ++F) {
    const Function &Fn = P.Functions[F];
    for (uint32_t I = 0; I != Fn.Calls.size(); ++I) {
      // InvalidIndex, a call through a pointer, is the map's empty key.
      if (Fn.Calls[I].Callee == InvalidIndex)
        continue;
      auto Slots = SlotsOf.find(Fn.Calls[I].Callee);
      if (Slots == SlotsOf.end())
        continue;
      for (const HandlerSlot &S : Slots->second)
        if (const ArgInfo *Arg = Fn.Calls[I].arg(S.Slot);
            Arg && Arg->Function != InvalidIndex)
          Handlers.push_back({S.Kind, Arg->Function, {F, I}});
    }
  }
}

const HandlerRegistration *Analysis::firstHandler(HandlerKind Kind) const {
  for (const HandlerRegistration &H : Handlers)
    if (H.Kind == Kind)
      return &H;
  return nullptr;
}

std::string Analysis::calleeName(const CallSite &C) const {
  if (C.Kind == CallKind::Throw)
    return "throw";
  if (C.Callee == InvalidIndex)
    return "a function pointer";
  return functionName(C.Callee);
}

std::string Analysis::functionName(FunctionId F) const {
  // A library function by its name in the manuals: not the builtin or the
  // fortified variant a header turned it into.
  const Function &Fn = P.Functions[F];
  return (Fn.IsCLibrary ? canonicalLibraryName(Fn.Name) : Fn.Name).str();
}

/// Breadth-first over call edges from the functions Reached already holds,
/// recording for each newly reached function the call that reached it and
/// the root of its chain.
static void reachCallees(const Program &P, std::vector<Analysis::Reach> &Reached,
                         std::vector<FunctionId> Work) {
  for (size_t I = 0; I != Work.size(); ++I) {
    FunctionId G = Work[I];
    const Function &Fn = P.Functions[G];
    for (uint32_t C = 0; C != Fn.Calls.size(); ++C) {
      FunctionId H = Fn.Calls[C].Callee;
      if (H == InvalidIndex || Reached[H].Via.isValid())
        continue;
      Reached[H] = {{G, C}, Reached[G].Root};
      Work.push_back(H);
    }
  }
}

FunctionId Analysis::routineOf(CallRef Start) const {
  const CallSite &C = call(Start);
  const FunctionFacts *G = calleeFacts(C);
  std::optional<ThreadStartInfo> Info = G ? threadStartOf(C, *G) : std::nullopt;
  const ArgInfo *Routine = Info ? C.arg(Info->RoutineSlot) : nullptr;
  return Routine ? Routine->Function : InvalidIndex;
}

void Analysis::findThreadRoutines() {
  ThreadVia.assign(P.Functions.size(), Reach{});
  IsRoutine.assign(P.Functions.size(), 0);
  std::vector<FunctionId> Routines;
  for (FunctionId F = 0; F != P.Functions.size(); ++F) {
    const Function &Fn = P.Functions[F];
    for (uint32_t C = 0; C != Fn.Calls.size(); ++C) {
      FunctionId Routine = routineOf({F, C});
      if (Routine == InvalidIndex || ThreadVia[Routine].Via.isValid())
        continue;
      ThreadVia[Routine] = {{F, C}, {F, C}};
      IsRoutine[Routine] = 1;
      Routines.push_back(Routine);
    }
  }
  reachCallees(P, ThreadVia, std::move(Routines));
}

void Analysis::findThreadsBeforeMain() {
  for (FunctionId F = 0; F != P.Functions.size(); ++F)
    if (P.Functions[F].RunsBeforeMain &&
        !Facts[F].rare().LeavesRunning.empty()) {
      BeforeMainInit = F;
      return;
    }
}

void Analysis::propagateContext() {
  ContextVia.assign(P.Functions.size(), Reach{});
  std::vector<FunctionId> Seeds;
  for (FunctionId F = 0; F != P.Functions.size(); ++F) {
    const Function &Fn = P.Functions[F];
    const std::vector<RunningThread> &Running =
        Facts[F].rare().RunningBeforeCall;
    for (uint32_t C = 0; C != Running.size(); ++C) {
      FunctionId H = Fn.Calls[C].Callee;
      if (!Running[C].isValid() || H == InvalidIndex ||
          ContextVia[H].Via.isValid())
        continue;
      ContextVia[H] = {{F, C}, {F, C}};
      Seeds.push_back(H);
    }
  }
  reachCallees(P, ContextVia, std::move(Seeds));
}

bool Analysis::onlyFails(const CallSite &C) const {
  const FunctionFacts *G = calleeFacts(C);
  return G && G->Role == ProcessRole::Exec;
}

void Analysis::findForkSites() {
  auto NoReturn = [&](const CallSite &C) { return neverReturns(C); };
  auto OnlyFails = [&](const CallSite &C) { return onlyFails(C); };
  for (FunctionId F = 0; F != P.Functions.size(); ++F) {
    const Function &Fn = P.Functions[F];
    // A dispatcher returns what its callee returns: the fork site is the
    // call through the value, in its caller.
    if (!Fn.HasBody || Fn.IsCLibrary || Fn.Entry == InvalidIndex ||
        Fn.Dispatches)
      continue;
    std::optional<FunctionRegions> Regions;
    auto regions = [&]() -> FunctionRegions & {
      if (!Regions)
        Regions.emplace(Fn, F, Places[F], NoReturn, OnlyFails);
      return *Regions;
    };
    for (uint32_t C = 0; C != Fn.Calls.size(); ++C) {
      const FunctionFacts *G = calleeFacts(Fn.Calls[C]);
      if (!G || G->forkKind() == ProcessRole::None ||
          Places[F][C].Block == InvalidIndex)
        continue;
      ForkSites.push_back(regions().childRegion(C, G->forkKind()));
      ForkSites.back().Wrapped =
          llvm::is_contained(Facts[F].rare().WrappedForks, C);
      ForkSites.back().WrapsDaemon =
          ForkSites.back().Wrapped && Facts[F].ForkWrapper == ProcessRole::Daemon;
    }
    if (Know.childEntry(Fn.LookupName))
      ForkSites.push_back(regions().childEntryRegion());
  }
}

llvm::ArrayRef<ChildRegion> Analysis::forkSitesOf(FunctionId F) const {
  // findForkSites adds them function by function, in order.
  auto Begin = llvm::partition_point(
      ForkSites, [&](const ChildRegion &R) { return R.Site.Function < F; });
  auto End =
      std::partition_point(Begin, ForkSites.end(), [&](const ChildRegion &R) {
        return R.Site.Function == F;
      });
  return llvm::ArrayRef(ForkSites).slice(Begin - ForkSites.begin(),
                                         End - Begin);
}

ChildRegion Analysis::classesEverywhere(const ChildRegion &R) const {
  if (!R.hasSiteCall())
    return R;
  FunctionId F = R.Site.Function;
  auto NoReturn = [&](const CallSite &C) { return neverReturns(C); };
  auto OnlyFails = [&](const CallSite &C) { return onlyFails(C); };
  return FunctionRegions(function(F), F, places(F), NoReturn, OnlyFails)
      .classesEverywhere(R.Site.Call, R.Kind);
}

ContextReason Analysis::contextAt(FunctionId F, uint32_t Call) const {
  if (Opts.Threads == ThreadAssumption::None)
    return {};
  if (ThreadVia[F].Via.isValid())
    return {ContextRule::InThread, {}};
  RunningThread Running = Facts[F].runningBefore(Call);
  if (Running.isValid())
    return {ContextRule::RunningThread, Running};
  // The child's threads at the start of a child entry are the host's.
  if (Call == InvalidIndex &&
      Know.childEntry(P.Functions[F].LookupName).value_or(false))
    return {ContextRule::HostThreads, {}};
  if (ContextVia[F].Via.isValid())
    return {ContextRule::CalledInContext, {}};
  // Threads the initialisation leaves run in main and all it calls, and
  // in any code that runs later.
  if (BeforeMainInit != InvalidIndex && !P.Functions[F].RunsBeforeMain)
    return {ContextRule::BeforeMain,
            Facts[BeforeMainInit].rare().LeavesRunning.front()};
  if (Opts.Threads == ThreadAssumption::Assume)
    return {ContextRule::Assumed, {}};
  if (AsLibrary && ReachedFromExports[F])
    return {ContextRule::LibraryCaller, {}};
  return {};
}

ForkFlavor Analysis::forkFlavor(const ChildRegion &R) const {
  // A child entry's fork is the host's, made with fork(): hosts that fork
  // for their plugins run the atfork handlers.
  if (!R.hasSiteCall())
    return ForkFlavor::Fork;
  const CallSite &Site = call(R.Site);
  const Function &Callee = P.Functions[Site.Callee];
  const FunctionFacts &G = Facts[Site.Callee];
  auto IsRaw = [&](const CallSite &Fork) {
    return Fork.Callee != InvalidIndex &&
           Know.isRawFork(P.Functions[Fork.Callee].LookupName);
  };
  bool Raw =
      G.ForkWrapper != ProcessRole::None && !G.rare().WrappedForks.empty()
          ? llvm::all_of(G.rare().WrappedForks,
                         [&](uint32_t C) { return IsRaw(Callee.Calls[C]); })
          : Know.isRawFork(Callee.LookupName);
  return Raw ? ForkFlavor::RawFork : ForkFlavor::Fork;
}

CallRef Analysis::culpritCall(CallRef Start, ForkFlavor Flavor) const {
  std::vector<CallRef> &Ends = Culprits[static_cast<unsigned>(Flavor)];
  if (Ends.empty())
    Ends.assign(P.Functions.size(), CallRef{});
  // The call whose callee's witness leads on, or the end of the chain.
  auto Next = [&](CallRef C) -> CallRef {
    const CallSite &S = call(C);
    if (S.Kind == CallKind::Throw || S.Callee == InvalidIndex)
      return {};
    uint32_t Witness = Safety.at(S.Callee, Flavor).Witness;
    return Witness == InvalidIndex ? CallRef{} : CallRef{S.Callee, Witness};
  };
  // Walk to a function whose culprit is known or to the end, then fill in
  // the functions passed on the way.
  std::vector<FunctionId> Path;
  CallRef Cur = Start, End;
  while (true) {
    CallRef N = Next(Cur);
    if (!N.isValid()) {
      End = Cur;
      break;
    }
    if (Ends[N.Function].isValid()) {
      End = Ends[N.Function];
      break;
    }
    if (Path.size() > P.Functions.size()) { // a broken chain: stop here
      End = Cur;
      break;
    }
    Path.push_back(N.Function);
    Cur = N;
  }
  for (FunctionId F : Path)
    Ends[F] = End;
  return End;
}

} // namespace forksafe
