//===- FunctionValues.cpp - Calls through function values -----------------===//

#include "FunctionValues.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include <deque>
#include <map>

namespace forksafe {

namespace {

/// A slot's identity, as a key of a map.
std::pair<uint64_t, uint32_t> keyOf(const ValueSlot &S) {
  return {uint64_t(S.K) << 32 | S.Id, S.Index};
}

/// What each slot may hold: subset constraints From ⊆ To, solved by
/// propagation along a worklist. Each slot's set only grows, and is
/// propagated each time it does: linear in the flows times the set sizes.
class FlowSolver {
public:
  explicit FlowSolver(const FunctionValues &V) {
    for (const ValueFlow &F : V.Flows) {
      uint32_t To = slot(F.To);
      if (F.Value != InvalidIndex) {
        if (add(To, F.Value))
          queue(To);
      } else if (F.From.isValid()) {
        uint32_t From = slot(F.From);
        Succs[From].push_back(To);
        Preds[To].push_back(From);
      }
    }
  }

  void solve() {
    while (!Work.empty()) {
      uint32_t S = Work.front();
      Work.pop_front();
      Queued[S] = 0;
      for (uint32_t T : Succs[S]) {
        bool Grew = false;
        for (FunctionId F : Values[S])
          Grew |= add(T, F);
        if (Grew)
          queue(T);
      }
    }
  }

  llvm::ArrayRef<FunctionId> valuesOf(const ValueSlot &S) const {
    auto Found = Ids.find(keyOf(S));
    return Found == Ids.end() ? llvm::ArrayRef<FunctionId>()
                              : llvm::ArrayRef(Values[Found->second]);
  }

  /// The parameter of function Fn whose value reaches slot S, through Fn's
  /// own variables only: `w->fn = routine` in Fn.
  std::optional<uint32_t> paramReaching(const ValueSlot &S,
                                        FunctionId Fn) const {
    auto Found = Ids.find(keyOf(S));
    if (Found == Ids.end())
      return std::nullopt;
    llvm::SmallVector<uint32_t, 8> Work{Found->second};
    llvm::DenseSet<uint32_t> Seen{Found->second};
    while (!Work.empty()) {
      uint32_t Cur = Work.pop_back_val();
      for (uint32_t P : Preds[Cur]) {
        const ValueSlot &From = Slots[P];
        if (From.Id != Fn || !Seen.insert(P).second)
          continue;
        if (From.K == ValueSlot::Param)
          return From.Index;
        if (From.K == ValueSlot::Local)
          Work.push_back(P);
      }
    }
    return std::nullopt;
  }

private:
  uint32_t slot(const ValueSlot &S) {
    auto [It, New] = Ids.try_emplace(keyOf(S), Slots.size());
    if (New) {
      Slots.push_back(S);
      Succs.emplace_back();
      Preds.emplace_back();
      Values.emplace_back();
      Queued.push_back(0);
    }
    return It->second;
  }
  /// Adds F to what slot S holds, kept sorted; whether it was new.
  bool add(uint32_t S, FunctionId F) {
    auto &Set = Values[S];
    auto At = std::lower_bound(Set.begin(), Set.end(), F);
    if (At != Set.end() && *At == F)
      return false;
    Set.insert(At, F);
    return true;
  }
  void queue(uint32_t S) {
    if (!Queued[S]) {
      Queued[S] = 1;
      Work.push_back(S);
    }
  }

  llvm::DenseMap<std::pair<uint64_t, uint32_t>, uint32_t> Ids;
  std::vector<ValueSlot> Slots;
  std::vector<llvm::SmallVector<uint32_t, 2>> Succs, Preds;
  std::vector<llvm::SmallVector<FunctionId, 2>> Values;
  std::vector<char> Queued;
  std::deque<uint32_t> Work;
};

/// Rewrites the calls of P's functions: each function's calls are copied
/// once, when the first of them changes, and laid back in the arena.
class CallRewriter {
public:
  explicit CallRewriter(Program &P) : P(P) {}
  ~CallRewriter() {
    for (auto &[F, Calls] : Edited)
      P.Functions[F].Calls = P.keep(llvm::ArrayRef(Calls));
  }

  CallSite &call(FunctionId F, uint32_t Call) {
    auto [It, New] = Edited.try_emplace(F);
    if (New)
      It->second.assign(P.Functions[F].Calls.begin(),
                        P.Functions[F].Calls.end());
    return It->second[Call];
  }
  const CallSite &current(FunctionId F, uint32_t Call) const {
    auto Found = Edited.find(F);
    return Found == Edited.end() ? P.Functions[F].Calls[Call]
                                 : Found->second[Call];
  }
  /// Sets what argument Slot of call Call of F names, adding the argument.
  void setArg(FunctionId F, uint32_t Call, int32_t Slot,
              llvm::function_ref<void(ArgInfo &)> Set) {
    CallSite &C = call(F, Call);
    llvm::SmallVector<ArgInfo, 4> Args(C.Args.begin(), C.Args.end());
    auto It = llvm::find_if(Args, [&](const ArgInfo &A) { return A.Slot == Slot; });
    if (It == Args.end()) {
      Args.push_back(ArgInfo{});
      Args.back().Slot = Slot;
      It = Args.end() - 1;
    }
    Set(*It);
    C.Args = P.keep(llvm::ArrayRef(Args));
  }

private:
  Program &P;
  llvm::DenseMap<FunctionId, std::vector<CallSite>> Edited;
};

/// A function whose body calls each of Targets where Site is, forwarding
/// the arguments Site describes, and returns what they return.
Function makeDispatcher(Program &P, const CallSite &Site,
                        llvm::ArrayRef<ArgInfo> SiteArgs, FunctionId Caller,
                        llvm::StringRef Spelling,
                        llvm::ArrayRef<FunctionId> Targets) {
  Function D;
  D.Name = Spelling;
  D.Pos = Site.Pos;
  D.Unit = P.Functions[Caller].Unit;
  D.Dispatches = true;
  D.HasBody = true;
  llvm::SmallVector<ArgInfo, 4> Forwarded;
  for (const ArgInfo &A : SiteArgs)
    if (A.Slot >= 0) {
      ArgInfo F;
      F.Slot = A.Slot;
      F.ForwardsParam = A.Slot;
      F.Handle = {HandleKey::Param, uint32_t(A.Slot), true};
      F.HandleType = A.HandleType;
      Forwarded.push_back(F);
      D.NumParams = std::max<uint32_t>(D.NumParams, A.Slot + 1);
    }
  llvm::ArrayRef<ArgInfo> Args = P.keep(llvm::ArrayRef(Forwarded));
  // Entry block 0 branches to one block per target, which all go on to the
  // block that returns.
  const uint32_t N = Targets.size();
  llvm::SmallVector<Block, 8> Blocks(N + 2);
  llvm::SmallVector<Edge, 8> Edges;
  llvm::SmallVector<Event, 8> Events;
  llvm::SmallVector<CallSite, 8> Calls;
  llvm::SmallVector<uint32_t, 8> Returned;
  for (uint32_t I = 0; I != N; ++I)
    Edges.push_back({I + 1, 0, 0});
  Blocks[0] = {0, 0, 0, N, Site.Pos};
  for (uint32_t I = 0; I != N; ++I) {
    CallSite C;
    C.Callee = Targets[I];
    C.Pos = Site.Pos;
    C.Args = Args;
    Calls.push_back(C);
    Returned.push_back(I);
    Events.push_back({Event::Call, I});
    Edges.push_back({N + 1, 0, 0});
    Blocks[I + 1] = {I, I + 1, N + I, N + I + 1, Site.Pos};
  }
  Events.push_back({Event::Return, 0});
  Blocks[N + 1] = {N, N + 1, 2 * N, 2 * N, Site.Pos};
  ReturnSite Ret;
  Ret.Pos = Site.Pos;
  Ret.ValueFromCalls = P.keep(llvm::ArrayRef(Returned));
  D.Entry = 0;
  D.Blocks = P.keep(llvm::ArrayRef(Blocks));
  D.Events = P.keep(llvm::ArrayRef(Events));
  D.Edges = P.keep(llvm::ArrayRef(Edges));
  D.Calls = P.keep(llvm::ArrayRef(Calls));
  D.Returns = P.keep(llvm::ArrayRef(Ret));
  return D;
}

/// The most functions a call's own dispatcher calls; a call that may call
/// more goes through a dispatcher shared with the calls of the same table.
constexpr size_t MaxDirectTargets = 4;

/// The name of the dispatcher that the calls through VC's slot share: the
/// field or the global, as the source names it; else the call's spelling.
llvm::StringRef tableName(Program &P, const ValueCall &VC) {
  if (VC.Through.K != ValueSlot::Field && VC.Through.K != ValueSlot::Global)
    return VC.Spelling;
  llvm::StringRef Name = P.Names[VC.Through.Id];
  if (Name.starts_with("virtual "))
    return VC.Spelling;
  // A static variable's name leads with its file's: "main.c#handlers".
  return P.keep(Name.substr(Name.find('#') + 1));
}

/// A call through values, with all it may call.
struct Resolved {
  /// The value calls recorded for the call: one, unless the callee is a
  /// `?:` of values.
  llvm::SmallVector<const ValueCall *, 1> Through;
};

/// What call R may call, sorted: the set its one slot holds, shared with
/// every call through that slot (a table called from many places costs
/// its size once), or a union made in Storage.
llvm::ArrayRef<FunctionId> targetsOf(const Program &P, const Resolved &R,
                                     const FlowSolver &Solver,
                                     std::vector<FunctionId> &Storage) {
  const ValueCall &First = *R.Through.front();
  if (R.Through.size() == 1 && !First.KeepsCallee)
    return Solver.valuesOf(First.Through);
  Storage.clear();
  for (const ValueCall *VC : R.Through) {
    const CallSite &Site = P.Functions[VC->Caller].Calls[VC->Call];
    if (VC->KeepsCallee && Site.Callee != InvalidIndex)
      Storage.push_back(Site.Callee);
    llvm::append_range(Storage, Solver.valuesOf(VC->Through));
  }
  llvm::sort(Storage);
  Storage.erase(std::unique(Storage.begin(), Storage.end()), Storage.end());
  return Storage;
}

void inferTrampolineWrappers(Program &P, const Knowledge &Know,
                             const FlowSolver &Solver, CallRewriter &Rewriter) {
  // What each function calls through.
  llvm::DenseMap<FunctionId, llvm::SmallVector<ValueSlot, 1>> CallsThrough;
  for (const ValueCall &VC : P.Values.Calls)
    if (VC.Slot == NoSlot && (VC.Through.K == ValueSlot::Field ||
                              VC.Through.K == ValueSlot::Global))
      CallsThrough[VC.Caller].push_back(VC.Through);
  if (CallsThrough.empty())
    return;
  for (FunctionId F = 0; F != P.Functions.size(); ++F) {
    const Function &Fn = P.Functions[F];
    for (uint32_t I = 0; I != Fn.Calls.size(); ++I) {
      const CallSite &C = Fn.Calls[I];
      if (C.Callee == InvalidIndex)
        continue;
      std::optional<ThreadStartApi> Start =
          Know.threadStartApi(P.Functions[C.Callee].LookupName);
      const ArgInfo *Routine = Start ? C.arg(Start->RoutineSlot) : nullptr;
      if (!Routine || Routine->Function == InvalidIndex ||
          Routine->ForwardsParam != InvalidIndex)
        continue;
      auto Through = CallsThrough.find(Routine->Function);
      if (Through == CallsThrough.end())
        continue;
      for (const ValueSlot &S : Through->second)
        if (std::optional<uint32_t> Param = Solver.paramReaching(S, F)) {
          Rewriter.setArg(F, I, Start->RoutineSlot,
                          [&](ArgInfo &A) { A.ForwardsParam = *Param; });
          break;
        }
    }
  }
}

} // namespace

void resolveFunctionValues(Program &P, const Knowledge &Know) {
  FlowSolver Solver(P.Values);
  Solver.solve();
  {
    CallRewriter Rewriter(P);
    inferTrampolineWrappers(P, Know, Solver, Rewriter);
  }

  // Each call (or argument) with the value calls recorded for it, in the
  // order the calls were recorded.
  llvm::DenseMap<std::tuple<FunctionId, uint32_t, int32_t>, uint32_t> Index;
  std::vector<Resolved> Calls;
  for (const ValueCall &VC : P.Values.Calls) {
    auto [It, New] = Index.try_emplace({VC.Caller, VC.Call, VC.Slot}, Calls.size());
    if (New)
      Calls.emplace_back();
    Calls[It->second].Through.push_back(&VC);
  }

  std::vector<Function> Dispatchers;
  auto Add = [&](Function D) {
    Dispatchers.push_back(std::move(D));
    return FunctionId(P.Functions.size() + Dispatchers.size() - 1);
  };
  // A call that may call a few functions gets a dispatcher of its own,
  // named as the call spells its callee. A table of many callbacks is
  // called from many places: they share one dispatcher, named after the
  // table, and the program grows by the places plus the tables' sizes, not
  // by their product.
  // By the solver's set of the slot, or by a union kept in Unions.
  llvm::DenseMap<const FunctionId *, FunctionId> Shared;
  std::deque<std::vector<FunctionId>> Unions;
  {
    CallRewriter Rewriter(P);
    std::vector<FunctionId> Storage;
    for (const Resolved &R : Calls) {
      const ValueCall &VC = *R.Through.front();
      const CallSite &Site = Rewriter.current(VC.Caller, VC.Call);
      llvm::ArrayRef<FunctionId> Targets = targetsOf(P, R, Solver, Storage);
      if (Targets.empty() || (Targets.size() == 1 && Targets[0] == Site.Callee))
        continue;
      // A routine argument's targets are called by the thread, with
      // arguments of its own.
      llvm::ArrayRef<ArgInfo> Forwarded;
      if (VC.Slot == NoSlot)
        Forwarded = Site.Args;
      FunctionId Target = Targets.front();
      if (Targets.size() > MaxDirectTargets) {
        if (Targets.data() == Storage.data()) {
          Unions.push_back(Storage);
          Targets = Unions.back();
        }
        auto [It, New] = Shared.try_emplace(Targets.data(), InvalidIndex);
        if (New)
          It->second = Add(makeDispatcher(P, Site, Forwarded, VC.Caller,
                                          tableName(P, VC), Targets));
        Target = It->second;
      } else if (Targets.size() > 1 || VC.Slot == NoSlot) {
        Target = Add(makeDispatcher(P, Site, Forwarded, VC.Caller, VC.Spelling,
                                    Targets));
      }
      if (VC.Slot == NoSlot)
        Rewriter.call(VC.Caller, VC.Call).Callee = Target;
      else
        Rewriter.setArg(VC.Caller, VC.Call, VC.Slot,
                        [&](ArgInfo &A) { A.Function = Target; });
    }
  }
  for (Function &D : Dispatchers)
    P.Functions.push_back(std::move(D));
}

} // namespace forksafe
