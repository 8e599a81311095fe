//===- LockHeldAcrossForkCheck.cpp - A child that takes a held lock -------===//
//
// docs/semantics.md, "Locks held across a fork": at a call in the child
// region that takes a lock the forking function holds at the fork (taken
// on every path to it and not released), directly or in a function it
// calls. The child's copy of the lock is held by a thread it does not
// have: it waits forever, threads or not.
//
//===----------------------------------------------------------------------===//

#include "Checks.h"
#include "Evidence.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include <deque>
#include <optional>

namespace forksafe {

namespace {

/// How deep the functions a child calls are searched for a lock.
constexpr unsigned LockSearchDepth = 3;

/// A lock held at the fork, and where it was taken.
struct HeldLock {
  HandleKey Lock;
  uint32_t TakenAt;
};

using HeldSet = llvm::SmallVector<HeldLock, 2>;

bool sameLock(const HandleKey &A, const HandleKey &B) {
  return A.sameObject(B);
}

/// What call C does to a lock, and which; the key is unknown when the
/// model cannot name the lock.
std::optional<std::pair<LockEffect, HandleKey>> lockEffect(const Analysis &A,
                                                           const CallSite &C) {
  if (C.Callee == InvalidIndex || !A.function(C.Callee).IsCLibrary)
    return std::nullopt;
  std::optional<LockApi> Api = lockApi(A.function(C.Callee).LookupName);
  if (!Api)
    return std::nullopt;
  const ArgInfo *Arg = C.arg(Api->Slot);
  return std::make_pair(Api->Effect, Arg ? Arg->Handle : HandleKey{});
}

/// The first call, in the functions F reaches within LockSearchDepth calls,
/// that has effect Effect on Lock (any lock when Lock is unknown), as the
/// chain of calls from F to it; empty if there is none.
class LockSearch {
public:
  explicit LockSearch(const Analysis &A) : A(A) {}

  std::vector<CallRef> find(FunctionId F, LockEffect Effect,
                            const HandleKey &Lock) const {
    struct Visit {
      FunctionId Fn;
      unsigned Depth;
      CallRef Via;
    };
    std::deque<Visit> Work{{F, 0, {}}};
    llvm::DenseMap<FunctionId, CallRef> Reached{{F, CallRef{}}};
    while (!Work.empty()) {
      Visit V = Work.front();
      Work.pop_front();
      const Function &Fn = A.function(V.Fn);
      for (uint32_t I = 0; I != Fn.Calls.size(); ++I) {
        const CallSite &C = Fn.Calls[I];
        if (auto E = lockEffect(A, C)) {
          if (E->first == Effect &&
              (!Lock.isKnown() || sameLock(E->second, Lock)))
            return chainTo({V.Fn, I}, Reached);
          continue;
        }
        if (V.Depth + 1 == LockSearchDepth || C.Callee == InvalidIndex ||
            !A.function(C.Callee).HasBody ||
            !Reached.try_emplace(C.Callee, CallRef{V.Fn, I}).second)
          continue;
        Work.push_back({C.Callee, V.Depth + 1, {V.Fn, I}});
      }
    }
    return {};
  }

private:
  static std::vector<CallRef>
  chainTo(CallRef Last, const llvm::DenseMap<FunctionId, CallRef> &Reached) {
    std::vector<CallRef> Chain{Last};
    for (CallRef Via = Reached.lookup(Last.Function); Via.isValid();
         Via = Reached.lookup(Via.Function))
      Chain.push_back(Via);
    std::reverse(Chain.begin(), Chain.end());
    return Chain;
  }

  const Analysis &A;
};

/// The locks a function holds on every path to each of its blocks: one
/// flow for all the forks of the function.
class HeldLocks {
public:
  HeldLocks(const Analysis &A, const LockSearch &Search, FunctionId F)
      : A(A), Search(Search), Fn(A.function(F)) {
    flow();
  }

  /// The locks held at the fork of R.
  HeldSet atFork(const ChildRegion &R) const {
    auto Entered = AtBlock.find(R.SitePlace.Block);
    HeldSet Held = Entered == AtBlock.end() ? HeldSet{} : Entered->second;
    for (const Event &E : Fn.events(R.SitePlace.Block)) {
      if (E.K != Event::Call)
        continue;
      if (E.Index == R.Site.Call)
        break;
      transfer(E.Index, Held);
    }
    return Held;
  }

private:
  void transfer(uint32_t Call, HeldSet &Held) const;
  /// Runs block B over Held; whether it goes on to its successors.
  bool through(uint32_t B, HeldSet &Held) const;
  void flow();

  const Analysis &A;
  const LockSearch &Search;
  const Function &Fn;
  /// Must-hold: what every path brings, so a join keeps what both hold.
  llvm::DenseMap<uint32_t, HeldSet> AtBlock;
};

void HeldLocks::transfer(uint32_t Call, HeldSet &Held) const {
  const CallSite &C = Fn.Calls[Call];
  if (auto E = lockEffect(A, C)) {
    if (E->first == LockEffect::Acquire && E->second.isKnown())
      Held.push_back({E->second, Call});
    else if (E->first == LockEffect::Release && E->second.isKnown())
      llvm::erase_if(
          Held, [&](const HeldLock &H) { return sameLock(H.Lock, E->second); });
    else if (E->first == LockEffect::Release)
      Held.clear();
    return;
  }
  // A function that may release a lock is taken to release them all.
  if (!Held.empty() && C.Callee != InvalidIndex &&
      A.function(C.Callee).HasBody &&
      !Search.find(C.Callee, LockEffect::Release, HandleKey{}).empty())
    Held.clear();
}

bool HeldLocks::through(uint32_t B, HeldSet &Held) const {
  for (const Event &E : Fn.events(B)) {
    if (E.K != Event::Call)
      continue;
    transfer(E.Index, Held);
    if (A.neverReturns(Fn.Calls[E.Index]))
      return false;
  }
  return true;
}

void HeldLocks::flow() {
  AtBlock[Fn.Entry] = HeldSet{};
  std::deque<uint32_t> Work{Fn.Entry};
  while (!Work.empty()) {
    uint32_t B = Work.front();
    Work.pop_front();
    HeldSet Held = AtBlock.find(B)->second;
    if (!through(B, Held))
      continue;
    for (const Edge &E : Fn.succs(B)) {
      auto [Entered, First] = AtBlock.try_emplace(E.Target, Held);
      if (First) {
        Work.push_back(E.Target);
        continue;
      }
      HeldSet &In = Entered->second;
      size_t Before = In.size();
      llvm::erase_if(In, [&](const HeldLock &H) {
        return llvm::none_of(Held, [&](const HeldLock &Mine) {
          return sameLock(Mine.Lock, H.Lock);
        });
      });
      if (In.size() != Before)
        Work.push_back(E.Target);
    }
  }
}

std::string lockName(const Analysis &A, const Function &Fn,
                     const HandleKey &Lock) {
  switch (Lock.K) {
  case HandleKey::Local:
    return Lock.Id < Fn.detail().Locals.size()
               ? Fn.detail().Locals[Lock.Id].Name
               : "the lock";
  case HandleKey::Global:
  case HandleKey::Field:
    return Lock.Id < A.program().Names.size() ? A.program().Names[Lock.Id]
                                              : "the lock";
  default:
    return "the lock";
  }
}

Finding relockFinding(const Analysis &A, const ChildRegion &R,
                      const HeldLock &Held, llvm::ArrayRef<CallRef> Chain) {
  const Function &Fn = A.function(R.Site.Function);
  std::string Lock = lockName(A, Fn, Held.Lock);
  const CallSite &First = A.call(Chain.front());
  const CallSite &Last = A.call(Chain.back());
  std::string Taker = "'" + A.calleeName(First) + "'";
  std::string Message =
      Chain.size() == 1
          ? Taker + " in the child takes '" + Lock + "'"
          : Taker + " in the child takes '" + Lock + "' (by '" +
                A.calleeName(Last) + "')";
  Finding F{CheckId::LockHeldAcrossFork, First.Pos,
            Message + ", which the parent held at '" + forkName(A, R) +
                "': the child's copy stays held by a thread the child does "
                "not have, and the child waits forever; release it before "
                "the fork",
            {},
            {}};
  Evidence E(A, F);
  E.note(Fn.Calls[Held.TakenAt].Pos,
         "'" + Lock + "' is taken here and held across the fork");
  E.forkSite(R);
  for (CallRef Hop : Chain.drop_front())
    E.note(A.call(Hop).Pos, "'" + A.function(Hop.Function).Name.str() +
                                "' calls '" + A.calleeName(A.call(Hop)) +
                                "' here");
  return F;
}

/// The child's calls that take a lock of Held, each lock once, unless the
/// child releases it somewhere first.
void relocksInChild(const Analysis &A, const LockSearch &Search,
                    const ChildRegion &R, HeldSet Held,
                    std::vector<Finding> &Out) {
  const Function &Fn = A.function(R.Site.Function);
  std::vector<std::pair<const HeldLock *, std::vector<CallRef>>> Found;
  A.forEachChildEvent(R, [&](uint32_t, uint32_t, const Event &E) {
    if (E.K == Event::Call)
      if (auto Effect = lockEffect(A, Fn.Calls[E.Index]);
          Effect && Effect->first == LockEffect::Release)
        llvm::erase_if(Held, [&](const HeldLock &H) {
          return !Effect->second.isKnown() ||
                 sameLock(H.Lock, Effect->second);
        });
  });
  walkChildPaths(
      Fn, R, R.SitePlace,
      [&](uint32_t, uint32_t, const Event &E) {
        if (E.K != Event::Call)
          return false;
        const CallSite &C = Fn.Calls[E.Index];
        if (isExecLike(A, C))
          return false;
        for (const HeldLock &H : Held) {
          if (llvm::any_of(Found, [&](const auto &F) { return F.first == &H; }))
            continue;
          auto Effect = lockEffect(A, C);
          if (Effect && Effect->first == LockEffect::Acquire &&
              sameLock(Effect->second, H.Lock)) {
            Found.push_back({&H, {CallRef{R.Site.Function, E.Index}}});
            continue;
          }
          bool Shared = H.Lock.K == HandleKey::Global ||
                        H.Lock.K == HandleKey::Field;
          if (Effect || !Shared || C.Callee == InvalidIndex ||
              !A.function(C.Callee).HasBody)
            continue;
          std::vector<CallRef> Chain =
              Search.find(C.Callee, LockEffect::Acquire, H.Lock);
          if (Chain.empty())
            continue;
          Chain.insert(Chain.begin(), CallRef{R.Site.Function, E.Index});
          Found.push_back({&H, std::move(Chain)});
        }
        return !A.neverReturns(C);
      },
      [](SourcePos, EscapeKind, uint32_t) {});
  for (const auto &[H, Chain] : Found)
    Out.push_back(relockFinding(A, R, *H, Chain));
}

bool takesLocks(const Analysis &A, const Function &Fn) {
  return llvm::any_of(Fn.Calls, [&](const CallSite &C) {
    auto E = lockEffect(A, C);
    return E && E->first == LockEffect::Acquire;
  });
}

} // namespace

void checkLockHeldAcrossFork(const Analysis &A, std::vector<Finding> &Out) {
  LockSearch Search(A);
  // The regions of a function come together: one flow serves them all.
  FunctionId HeldIn = InvalidIndex;
  std::optional<HeldLocks> Held;
  forEachForkChild(A, [&](const ChildRegion &R) {
    if (!R.hasSiteCall())
      return;
    if (R.Site.Function != HeldIn) {
      HeldIn = R.Site.Function;
      Held.reset();
      if (takesLocks(A, A.function(HeldIn)))
        Held.emplace(A, Search, HeldIn);
    }
    if (!Held)
      return;
    HeldSet AtFork = Held->atFork(R);
    if (!AtFork.empty())
      relocksInChild(A, Search, R, std::move(AtFork), Out);
  });
}

} // namespace forksafe
