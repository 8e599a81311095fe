//===- SignalSafety.cpp - Which unsafe functions a function reaches -------===//

#include "SignalSafety.h"
#include "llvm/ADT/STLExtras.h"
#include <tuple>

namespace forksafe {

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

Reach reachOfCall(const CallSite &C, const std::vector<FunctionFacts> &Facts,
                  ForkFlavor Flavor) {
  // A throw allocates the exception and unwinds under the dynamic
  // linker's lock.
  if (C.Kind == CallKind::Throw)
    return {Safety::Unsafe, Hazard::LockOrHeap};
  if (C.Callee == InvalidIndex)
    return {Safety::Unknown, Hazard::Unclassified};
  return reachOf(Facts[C.Callee].safety(Flavor));
}

/// Adds Culprit to Reached, kept most hazardous first with ties in the
/// order they came, and at most MaxReachedUnsafe long.
void addReached(llvm::SmallVectorImpl<FunctionId> &Reached, FunctionId Culprit,
                const std::vector<FunctionFacts> &Facts, ForkFlavor Flavor) {
  if (llvm::is_contained(Reached, Culprit))
    return;
  Reach Mine = reachOf(Facts[Culprit].safety(Flavor));
  auto At = llvm::find_if(Reached, [&](FunctionId Other) {
    return reachOf(Facts[Other].safety(Flavor)) < Mine;
  });
  if (At == Reached.end() && Reached.size() == MaxReachedUnsafe)
    return;
  Reached.insert(At, Culprit);
  if (Reached.size() > MaxReachedUnsafe)
    Reached.pop_back();
}

void summarizeIn(ForkFlavor Flavor, const Function &Fn,
                 llvm::ArrayRef<EventPlace> Places,
                 llvm::ArrayRef<char> Reachable,
                 const std::vector<FunctionFacts> &Facts, SafetyFacts &Out) {
  // The witness is the call of the worst level; among those, one that
  // returns (an error path's noreturn helper, std::__throw_bad_alloc or
  // __assert_fail, says less than the call beside it); then the most
  // hazardous; then the first.
  Reach Best;
  bool BestReturns = false;
  uint32_t Witness = InvalidIndex;
  llvm::SmallVector<FunctionId, MaxReachedUnsafe> Reached;
  for (uint32_t I = 0; I != Fn.Calls.size(); ++I) {
    if (Places[I].Block == InvalidIndex || !Reachable[Places[I].Block])
      continue;
    const CallSite &C = Fn.Calls[I];
    Reach R = reachOfCall(C, Facts, Flavor);
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
      for (FunctionId Culprit : Facts[C.Callee].safety(Flavor).Reached)
        addReached(Reached, Culprit, Facts, Flavor);
  }
  // The witness is chosen when the function first reaches its level and
  // hazard, and kept until it reaches a worse one, so that witnesses point
  // to functions that reached theirs before: the chains end.
  if (reachOf(Out) < Best || Out.Witness == InvalidIndex) {
    Out.Level = Best.Level;
    Out.Harm = Best.Harm;
    Out.Witness = Witness;
  }
  Out.Reached.assign(Reached.begin(), Reached.end());
}

} // namespace

void initSafetyFacts(const Function &Fn, FunctionId F, const Options &Opts,
                     const Knowledge &Know, FunctionFacts &Out) {
  std::optional<bool> Declared = Know.declaredSignalSafe(Fn.LookupName);
  Out.SafetyDeclared = Declared.has_value();
  bool Library = !Fn.HasBody || Fn.IsCLibrary;
  if (!Declared && !Library)
    return;
  for (unsigned K = 0; K != NumForkFlavors; ++K) {
    SafetyFacts &S = Out.InChild[K];
    // The project's word stands over what a body says.
    if (Declared)
      S.Level = *Declared ? Safety::Safe : Safety::Unsafe;
    else if (Know.isAsyncSignalSafe(Fn.LookupName, Opts.SafetyProfile,
                                    static_cast<ForkFlavor>(K)))
      S.Level = Safety::Safe;
    else
      S.Level = Fn.InSystemHeader ? Safety::Unsafe : Safety::Unknown;
    if (S.Level == Safety::Safe)
      continue;
    S.Harm = Know.hazardOf(Fn.LookupName);
    S.Reached = {F};
  }
}

void summarizeSafety(const Function &Fn, llvm::ArrayRef<EventPlace> Places,
                     llvm::ArrayRef<char> Reachable,
                     const std::vector<FunctionFacts> &Facts,
                     FunctionFacts &Out) {
  for (unsigned K = 0; K != NumForkFlavors; ++K)
    summarizeIn(static_cast<ForkFlavor>(K), Fn, Places, Reachable, Facts,
                Out.InChild[K]);
}

} // namespace forksafe
