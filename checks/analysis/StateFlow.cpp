//===- StateFlow.cpp - Process state that a fork copies -------------------===//

#include "StateFlow.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include <deque>

namespace forksafe {

uint8_t KeyState::bitsOf(StateKey K) const {
  const KeyBits *Found = find(K);
  return Found ? Found->Bits : Others;
}

const KeyBits *KeyState::find(StateKey K) const {
  for (const KeyBits &B : Listed)
    if (B.Key == K)
      return &B;
  return nullptr;
}

void KeyState::set(StateKey K, uint8_t Bits, CallRef Changer) {
  for (KeyBits &B : Listed)
    if (B.Key == K) {
      B.Bits = Bits;
      B.Changer = Changer;
      return;
    }
  Listed.push_back({K, Bits, Changer});
}

void KeyState::setAll(uint8_t Bits) {
  Others = Bits;
  Listed.clear();
}

bool KeyState::join(const KeyState &O) {
  if (!O.Reached)
    return false;
  if (!Reached) {
    *this = O;
    return true;
  }
  bool Changed = false;
  // A key listed on one side only is as the other side's others.
  for (KeyBits &Mine : Listed)
    if (!O.find(Mine.Key)) {
      Changed |= (Mine.Bits | O.Others) != Mine.Bits;
      Mine.Bits |= O.Others;
    }
  for (const KeyBits &Theirs : O.Listed) {
    auto Mine = llvm::find_if(
        Listed, [&](const KeyBits &B) { return B.Key == Theirs.Key; });
    if (Mine == Listed.end()) {
      Listed.push_back({Theirs.Key, uint8_t(Others | Theirs.Bits),
                        Theirs.Changer});
      Changed = true;
      continue;
    }
    if (!(Mine->Bits & Dirty) && (Theirs.Bits & Dirty))
      Mine->Changer = Theirs.Changer;
    Changed |= (Mine->Bits | Theirs.Bits) != Mine->Bits;
    Mine->Bits |= Theirs.Bits;
  }
  Changed |= (Others | O.Others) != Others;
  Others |= O.Others;
  return Changed;
}

StateFlow::StateFlow(const Analysis &A, EffectOf Effects,
                     llvm::ArrayRef<FunctionId> Seeds)
    : A(A), Effects(std::move(Effects)), SeedSet(Seeds.begin(), Seeds.end()) {
  if (Seeds.empty())
    return;
  // What a child does is not what its parent leaves behind.
  for (const ChildRegion &R : A.forkSites())
    if (R.Kind == ProcessRole::Fork && R.hasSiteCall() && !R.Wrapped) {
      std::vector<char> &Skip = ChildBlocks[R.Site.Function];
      Skip.resize(A.function(R.Site.Function).Blocks.size());
      R.forEachBlock(
          [&](const RegionBlock &B) { Skip[B.Block] |= B.InBranch; });
    }
  summarise(Seeds);
  propagateEntries();
}

const KeyState *StateFlow::summary(FunctionId F) const {
  auto It = Summaries.find(F);
  return It == Summaries.end() ? nullptr : &It->second;
}

void StateFlow::apply(FunctionId F, uint32_t Call, KeyState &S) const {
  const CallSite &C = A.function(F).Calls[Call];
  if (std::optional<KeyEffect> E = Effects(C)) {
    if (E->Every)
      S.setAll(E->Bits);
    else
      S.set(E->Key, E->Bits, {F, Call});
    return;
  }
  if (A.neverReturns(C)) {
    S.Reached = false;
    return;
  }
  const KeyState *Callee =
      C.Callee == InvalidIndex ? nullptr : summary(C.Callee);
  if (!Callee)
    return;
  // What the callee leaves, over what was there where it leaves it as it
  // found it.
  auto Compose = [&](uint8_t Before, uint8_t After) -> uint8_t {
    return (After & AsBefore ? Before : 0) | (After & ~AsBefore);
  };
  for (KeyBits &Mine : S.Listed) {
    uint8_t After = Callee->bitsOf(Mine.Key);
    Mine.Bits = Compose(Mine.Bits, After);
    if (After & Dirty)
      Mine.Changer = {F, Call};
  }
  for (const KeyBits &Theirs : Callee->Listed)
    if (!S.find(Theirs.Key))
      S.Listed.push_back({Theirs.Key, Compose(S.Others, Theirs.Bits),
                          Theirs.Bits & Dirty ? CallRef{F, Call} : CallRef{}});
  S.Others = Compose(S.Others, Callee->Others);
}

llvm::SmallVector<DirtyKey, 2>
StateFlow::dirtyIn(FunctionId F, const KeyState &S) const {
  llvm::SmallVector<DirtyKey, 2> Out;
  for (const KeyBits &B : S.Listed)
    if (B.Bits & Dirty)
      Out.push_back({B.Key, B.Changer});
  auto Entry = AtEntry.find(F);
  if (Entry == AtEntry.end())
    return Out;
  for (const DirtyKey &Before : Entry->second)
    if (S.bitsOf(Before.Key) & AsBefore &&
        llvm::none_of(Out, [&](const DirtyKey &U) {
          return U.Key == Before.Key;
        }))
      Out.push_back(Before);
  return Out;
}

llvm::SmallVector<DirtyKey, 2>
StateFlow::dirtyBefore(FunctionId F, uint32_t Call) const {
  auto [Known, IsNew] = BeforeCalls.try_emplace(F);
  std::vector<llvm::SmallVector<DirtyKey, 2>> &PerCall = Known->second;
  if (IsNew) {
    PerCall.resize(A.function(F).Calls.size());
    walk(F, [&](const Event &E, const KeyState &Before) {
      if (E.K == Event::Call)
        PerCall[E.Index] = dirtyIn(F, Before);
    });
  }
  return Call < PerCall.size() ? PerCall[Call]
                               : llvm::SmallVector<DirtyKey, 2>();
}

void StateFlow::walk(FunctionId F, StateVisitor Visit) const {
  const Function &Fn = A.function(F);
  if (Fn.Entry == InvalidIndex || Fn.Blocks.empty())
    return;
  std::vector<KeyState> AtBlock(Fn.Blocks.size());
  AtBlock[Fn.Entry].Reached = true;
  std::deque<uint32_t> Work{Fn.Entry};
  std::vector<char> Queued(Fn.Blocks.size());
  Queued[Fn.Entry] = true;
  auto Children = ChildBlocks.find(F);
  auto InChild = [&](uint32_t B) {
    return Children != ChildBlocks.end() && Children->second[B];
  };
  auto Through = [&](uint32_t B, bool Report) {
    KeyState S = AtBlock[B];
    for (const Event &E : Fn.events(B)) {
      if (!S.Reached)
        break;
      if (Report)
        Visit(E, S);
      if (E.K == Event::Call)
        apply(F, E.Index, S);
    }
    return S;
  };
  while (!Work.empty()) {
    uint32_t B = Work.front();
    Work.pop_front();
    Queued[B] = false;
    KeyState Out = Through(B, false);
    for (const Edge &E : Fn.succs(B))
      if (!InChild(E.Target) && AtBlock[E.Target].join(Out) &&
          !Queued[E.Target]) {
        Queued[E.Target] = true;
        Work.push_back(E.Target);
      }
  }
  for (uint32_t B = 0; B != Fn.Blocks.size(); ++B)
    if (AtBlock[B].Reached)
      Through(B, true);
}

bool StateFlow::touches(FunctionId F) const {
  for (const CallSite &C : A.function(F).Calls)
    if (C.Callee != InvalidIndex &&
        (SeedSet.count(C.Callee) || Summaries.count(C.Callee)))
      return true;
  return false;
}

void StateFlow::summarise(llvm::ArrayRef<FunctionId> Seeds) {
  const Program &P = A.program();
  const CallGraph Callers = callerLists(A.callees());
  std::deque<FunctionId> Work;
  llvm::DenseSet<FunctionId> Queued;
  for (FunctionId Seed : Seeds)
    for (FunctionId Caller : Callers[Seed])
      if (P.Functions[Caller].HasBody && Queued.insert(Caller).second)
        Work.push_back(Caller);
  while (!Work.empty()) {
    FunctionId F = Work.front();
    Work.pop_front();
    Queued.erase(F);
    KeyState AtReturn;
    walk(F, [&](const Event &E, const KeyState &Before) {
      if (E.K == Event::Return && !A.function(F).Returns[E.Index].Unwinds)
        AtReturn.join(Before);
    });
    // What the callers cannot name is not their concern.
    llvm::erase_if(AtReturn.Listed, [](const KeyBits &B) {
      return !B.Key.outlivesCall();
    });
    bool Trivial = AtReturn.Others == AsBefore &&
                   llvm::all_of(AtReturn.Listed, [](const KeyBits &B) {
                     return B.Bits == AsBefore;
                   });
    if (!AtReturn.Reached || Trivial)
      continue;
    auto [Known, IsNew] = Summaries.try_emplace(F, AtReturn);
    if (!IsNew && !Known->second.join(AtReturn))
      continue;
    for (FunctionId Caller : Callers[F])
      if (P.Functions[Caller].HasBody && Queued.insert(Caller).second)
        Work.push_back(Caller);
  }
}

void StateFlow::propagateEntries() {
  const Program &P = A.program();
  std::deque<FunctionId> Work;
  llvm::DenseSet<FunctionId> Queued;
  auto Enqueue = [&](FunctionId F) {
    if (Queued.insert(F).second)
      Work.push_back(F);
  };
  for (FunctionId F = 0; F != P.Functions.size(); ++F)
    if (P.Functions[F].HasBody && touches(F))
      Enqueue(F);
  auto Pass = [&](FunctionId Callee, const DirtyKey &Out) {
    if (Callee == InvalidIndex || !P.Functions[Callee].HasBody ||
        P.Functions[Callee].IsCLibrary)
      return;
    auto &Entry = AtEntry[Callee];
    if (llvm::any_of(Entry, [&](const DirtyKey &U) {
          return U.Key == Out.Key;
        }))
      return;
    Entry.push_back(Out);
    Enqueue(Callee);
  };
  while (!Work.empty()) {
    FunctionId F = Work.front();
    Work.pop_front();
    Queued.erase(F);
    const Function &Fn = P.Functions[F];
    if (!touches(F)) {
      // Every call sees what the function was called with.
      llvm::SmallVector<DirtyKey, 1> Entry = AtEntry.lookup(F);
      for (const CallSite &C : Fn.Calls)
        for (const DirtyKey &Out : Entry)
          Pass(C.Callee, Out);
      continue;
    }
    llvm::SmallVector<std::pair<FunctionId, DirtyKey>, 4> Passed;
    walk(F, [&](const Event &E, const KeyState &Before) {
      if (E.K != Event::Call)
        return;
      FunctionId Callee = Fn.Calls[E.Index].Callee;
      for (const DirtyKey &Out : dirtyIn(F, Before))
        if (Out.Key.outlivesCall())
          Passed.push_back({Callee, Out});
    });
    for (const auto &[Callee, Out] : Passed)
      Pass(Callee, Out);
  }
}

} // namespace forksafe
