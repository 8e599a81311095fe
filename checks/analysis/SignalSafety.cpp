//===- SignalSafety.cpp - Which unsafe functions a function reaches -------===//

#include "SignalSafety.h"
#include <tuple>

namespace forksafe {

uint32_t ReachedLists::intern(llvm::ArrayRef<FunctionId> List) {
  Key K;
  K.fill(InvalidIndex);
  std::copy(List.begin(), List.end(), K.begin());
  auto [It, New] = Ids.try_emplace(K, static_cast<uint32_t>(Lists.size()));
  if (New)
    Lists.push_back(K);
  return It->second;
}

namespace {

/// What a call reaches: a level, and the hazard of the worst function of
/// that level.
struct Reach {
  Safety Level = Safety::Safe;
  Hazard Harm = Hazard::None;

  bool operator<(const Reach &O) const {
    return std::tie(Level, Harm) < std::tie(O.Level, O.Harm);
  }
};

Reach reachOf(const SafetyFacts &S) { return {S.Level, S.Harm}; }

/// Adds Culprit to Reached, kept most hazardous first with ties in the
/// order they came, and at most MaxReachedUnsafe long.
void addReached(llvm::SmallVectorImpl<FunctionId> &Reached, FunctionId Culprit,
                const SafetyTable &Table, ForkFlavor Flavor) {
  if (llvm::is_contained(Reached, Culprit))
    return;
  Reach Mine = reachOf(Table.at(Culprit, Flavor));
  auto At = llvm::find_if(Reached, [&](FunctionId Other) {
    return reachOf(Table.at(Other, Flavor)) < Mine;
  });
  if (At == Reached.end() && Reached.size() == MaxReachedUnsafe)
    return;
  Reached.insert(At, Culprit);
  if (Reached.size() > MaxReachedUnsafe)
    Reached.pop_back();
}

void summarizeIn(ForkFlavor Flavor, const Function &Fn, FunctionId F,
                 llvm::ArrayRef<EventPlace> Places,
                 llvm::ArrayRef<char> Reachable,
                 const std::vector<FunctionFacts> &Facts, SafetyTable &Table) {
  // The witness is the call of the worst level; among those, one that
  // returns (an error path's noreturn helper, std::__throw_bad_alloc or
  // __assert_fail, says less than the call beside it); then the most
  // hazardous; then the first.
  Reach Best;
  bool BestReturns = false;
  uint32_t Witness = InvalidIndex;
  llvm::SmallVector<FunctionId, MaxReachedUnsafe + 1> Reached;
  for (uint32_t I = 0; I != Fn.Calls.size(); ++I) {
    if (Places[I].Block == InvalidIndex || !Reachable[Places[I].Block])
      continue;
    const CallSite &C = Fn.Calls[I];
    // A throw allocates the exception and unwinds under the dynamic
    // linker's lock.
    Reach R = C.Kind == CallKind::Throw
                  ? Reach{Safety::Unsafe, Hazard::LockOrHeap}
              : C.Callee == InvalidIndex
                  ? Reach{Safety::Unknown, Hazard::Unclassified}
                  : reachOf(Table.at(C.Callee, Flavor));
    if (R.Level == Safety::Safe)
      continue;
    bool Returns = !C.DeclaredNoReturn &&
                   (C.Callee == InvalidIndex || !Facts[C.Callee].NoReturn);
    if (Witness == InvalidIndex ||
        std::make_tuple(R.Level, Returns, R.Harm) >
            std::make_tuple(Best.Level, BestReturns, Best.Harm)) {
      Best = R;
      BestReturns = Returns;
      Witness = I;
    }
    if (C.Callee != InvalidIndex)
      for (FunctionId Culprit : Table.reached(C.Callee, Flavor))
        addReached(Reached, Culprit, Table, Flavor);
  }
  // The witness is chosen when the function first reaches its level and
  // hazard, and kept until it reaches a worse one, so that witnesses point
  // to functions that reached theirs before: the chains end.
  SafetyFacts &Out = Table.at(F, Flavor);
  if (reachOf(Out) < Best || Out.Witness == InvalidIndex) {
    Out.Level = Best.Level;
    Out.Harm = Best.Harm;
    Out.Witness = Witness;
  }
  Out.Reached = Table.Lists.intern(Reached);
}

} // namespace

void initSafetyFacts(const Function &Fn, FunctionId F, const Options &Opts,
                     const Knowledge &Know, SafetyTable &Table) {
  std::optional<bool> Declared = Know.declaredSignalSafe(Fn.LookupName);
  if (!Declared && Fn.HasBody && !Fn.IsCLibrary)
    return;
  for (unsigned K = 0; K != Table.numFlavors(); ++K) {
    auto Flavor = static_cast<ForkFlavor>(K);
    SafetyFacts &S = Table.at(F, Flavor);
    // The project's word stands over what a body says.
    if (Declared)
      S.Level = *Declared ? Safety::Safe : Safety::Unsafe;
    else if (Know.isAsyncSignalSafe(Fn.LookupName, Opts.SafetyProfile, Flavor))
      S.Level = Safety::Safe;
    else
      S.Level = Fn.InSystemHeader ? Safety::Unsafe : Safety::Unknown;
    if (S.Level == Safety::Safe)
      continue;
    S.Harm = Know.hazardOf(Fn.LookupName);
    S.Reached = Table.Lists.intern(F);
  }
}

void summarizeSafety(const Function &Fn, FunctionId F,
                     llvm::ArrayRef<EventPlace> Places,
                     llvm::ArrayRef<char> Reachable,
                     const std::vector<FunctionFacts> &Facts,
                     SafetyTable &Table) {
  for (unsigned K = 0; K != Table.numFlavors(); ++K)
    summarizeIn(static_cast<ForkFlavor>(K), Fn, F, Places, Reachable, Facts,
                Table);
}

} // namespace forksafe
