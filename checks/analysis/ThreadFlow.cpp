//===- ThreadFlow.cpp - Which threads may be running, flow-sensitively ----===//

#include "ThreadFlow.h"
#include "llvm/ADT/STLExtras.h"
#include <algorithm>
#include <optional>

namespace forksafe {

bool ThreadSet::add(const RunningThread &T) {
  for (RunningThread &Old : Threads)
    if (Old.sameThread(T)) {
      bool Changed = T.Detached && !Old.Detached;
      Old.Detached |= T.Detached;
      return Changed;
    }
  if (Threads.size() >= Limit)
    return false;
  Threads.push_back(T);
  return true;
}

void ThreadSet::join(const HandleKey &K) {
  llvm::erase_if(Threads,
                 [&](const RunningThread &T) { return T.Key.sameObject(K); });
}

void ThreadSet::detach(const HandleKey &K) {
  for (RunningThread &T : Threads)
    if (T.Key.sameObject(K))
      T.Detached = true;
}

void ThreadSet::rebind(const HandleKey &K) {
  for (RunningThread &T : Threads)
    if (T.Key.sameObject(K))
      T.Key = HandleKey{};
}

bool ThreadSet::mergeFrom(const ThreadSet &O) {
  bool Changed = false;
  for (const RunningThread &T : O.Threads)
    Changed |= add(T);
  return Changed;
}

bool applyCallToThreads(const Program &P, const std::vector<FunctionFacts> &Facts,
                        FunctionId F, uint32_t Call, ThreadSet &S) {
  const CallSite &C = P.Functions[F].Calls[Call];
  if (C.Callee == InvalidIndex)
    return !C.DeclaredNoReturn;
  const FunctionFacts &G = Facts[C.Callee];
  // Past daemon() or a function that returns only in its fork's child, the
  // process is that child: the threads that ran before did not follow it.
  if (G.forkKind() == ProcessRole::Daemon)
    S = ThreadSet();
  if (std::optional<ThreadStartInfo> Start = threadStartOf(C, G)) {
    const ArgInfo *A = C.arg(Start->HandleSlot);
    HandleKey Handle = A ? A->Handle : HandleKey{};
    // One handle variable reused for a second thread: the first is lost to
    // it. (A container of threads holds them all.)
    if (Handle.Exact && A->HandleType != InvalidIndex)
      S.rebind(Handle);
    S.add({{F, Call}, Call, Handle, false});
  } else {
    // The library's threads: no handle names them, no join ends them.
    if (leavesLibraryThreads(C, G))
      S.add({{F, Call}, Call, HandleKey{}, /*Detached=*/true});
    for (const RunningThread &T : G.rare().LeavesRunning)
      S.add({T.Origin, Call, mapHandleToCaller(T.Key, C), T.Detached});
  }
  for (const HandleKey &K : handlesJoinedBy(C, &G, Facts))
    S.join(K);
  if (G.rare().DetachSlot)
    S.detach(handleAt(C, *G.rare().DetachSlot));
  return !C.DeclaredNoReturn && !G.NoReturn;
}

EdgeJoins loopExitJoins(const Function &Fn,
                        const std::vector<FunctionFacts> &Facts) {
  const uint32_t N = Fn.Blocks.size();
  std::vector<llvm::SmallVector<HandleKey, 2>> Joined(N);
  bool AnyJoin = false;
  for (uint32_t B = 0; B != N; ++B)
    for (const Event &E : Fn.events(B))
      if (E.K == Event::Call) {
        const CallSite &C = Fn.Calls[E.Index];
        for (const HandleKey &K : handlesJoinedBy(
                 C, C.Callee == InvalidIndex ? nullptr : &Facts[C.Callee],
                 Facts)) {
          Joined[B].push_back(K);
          AnyJoin = true;
        }
      }
  if (!AnyJoin || Fn.Entry == InvalidIndex)
    return {};
  EdgeJoins Exits(N);

  // Back edges, by an iterative depth-first search.
  std::vector<std::vector<uint32_t>> Preds(N);
  for (uint32_t B = 0; B != N; ++B)
    for (const Edge &E : Fn.succs(B))
      Preds[E.Target].push_back(B);
  std::vector<uint8_t> State(N, 0); // 0 new, 1 on the stack, 2 done
  std::vector<std::pair<uint32_t, uint32_t>> Stack{{Fn.Entry, 0}};
  std::vector<std::pair<uint32_t, uint32_t>> BackEdges;
  State[Fn.Entry] = 1;
  while (!Stack.empty()) {
    auto &[B, Next] = Stack.back();
    if (Next == Fn.succs(B).size()) {
      State[B] = 2;
      Stack.pop_back();
      continue;
    }
    uint32_t T = Fn.succs(B)[Next++].Target;
    if (State[T] == 1)
      BackEdges.push_back({B, T});
    else if (State[T] == 0) {
      State[T] = 1;
      Stack.push_back({T, 0});
    }
  }

  for (auto [Latch, Header] : BackEdges) {
    // The natural loop: the header and what reaches the latch without it.
    std::vector<char> InLoop(N, 0);
    InLoop[Header] = 1;
    std::vector<uint32_t> Work;
    if (!InLoop[Latch]) {
      InLoop[Latch] = 1;
      Work.push_back(Latch);
    }
    while (!Work.empty()) {
      uint32_t B = Work.back();
      Work.pop_back();
      for (uint32_t P : Preds[B])
        if (!InLoop[P]) {
          InLoop[P] = 1;
          Work.push_back(P);
        }
    }
    llvm::SmallVector<HandleKey, 2> Keys;
    for (uint32_t B = 0; B != N; ++B)
      if (InLoop[B])
        Keys.append(Joined[B].begin(), Joined[B].end());
    if (Keys.empty())
      continue;
    for (uint32_t B = 0; B != N; ++B) {
      if (!InLoop[B])
        continue;
      const auto &Succs = Fn.succs(B);
      for (uint32_t S = 0; S != Succs.size(); ++S)
        if (!InLoop[Succs[S].Target])
          for (const HandleKey &K : Keys)
            Exits[B].push_back({S, K});
    }
  }
  return Exits;
}

void runThreadFlow(const Program &P, const std::vector<FunctionFacts> &Facts,
                   FunctionId F, const FlowRegion &Region,
                   ThreadFlowSpace &Space, ThreadVisitor Visit) {
  const Function &Fn = P.Functions[F];
  const EdgeJoins &LoopExits = Space.LoopExits;
  std::vector<ThreadSet> &In = Space.In;
  for (uint32_t B : Space.ReachedList)
    In[B] = ThreadSet();
  Space.ReachedList.clear();
  Space.Reached.clear();
  Space.Queued.clear();
  auto Reach = [&](uint32_t B) {
    if (!Space.Reached.insert(B))
      return false;
    Space.ReachedList.push_back(B);
    return true;
  };

  // Runs block B's events from From over S; false when the block does not
  // go on (a call that does not return, the region's stop).
  auto Run = [&](uint32_t B, uint32_t From, ThreadSet &S, bool DoVisit) {
    const auto &Events = Fn.events(B);
    for (uint32_t I = From; I < Events.size(); ++I) {
      if (B == Region.Stop.Block && I == Region.Stop.Position)
        return false;
      if (DoVisit)
        Visit(B, I, Events[I], S);
      if (Events[I].K == Event::Call &&
          !applyCallToThreads(P, Facts, F, Events[I].Index, S))
        return false;
    }
    return true;
  };

  // Rounds over the queued blocks in clang's order (descending numbers
  // follow the source): a block mostly runs after all its predecessors, and
  // again only when a loop brings it more. A block queued from a lower one
  // waits for the next round.
  std::vector<uint32_t> &ThisRound = Space.ThisRound;
  std::vector<uint32_t> &NextRound = Space.NextRound;
  ThisRound.clear();
  NextRound.clear();
  auto Queue = [&](uint32_t B) {
    ThisRound.push_back(B);
    std::push_heap(ThisRound.begin(), ThisRound.end());
  };
  auto Propagate = [&](uint32_t B, const ThreadSet &Out) {
    const auto &Succs = Fn.succs(B);
    for (uint32_t S = 0; S != Succs.size(); ++S) {
      const Edge &E = Succs[S];
      if (!Region.Follows(B, E))
        continue;
      bool Changed = Reach(E.Target);
      if (LoopExits.empty() || LoopExits[B].empty()) {
        Changed |= In[E.Target].mergeFrom(Out);
      } else {
        ThreadSet Leaving = Out;
        for (const auto &[Succ, Key] : LoopExits[B])
          if (Succ == S)
            Leaving.join(Key);
        Changed |= In[E.Target].mergeFrom(Leaving);
      }
      if (!Changed || !Space.Queued.insert(E.Target))
        continue;
      if (E.Target < B)
        Queue(E.Target);
      else
        NextRound.push_back(E.Target);
    }
  };

  // One set for every run of a block: most hold a thread or two, copied in.
  ThreadSet Current;
  const bool StartsMidBlock = Region.Start.Position != 0;
  if (StartsMidBlock) {
    if (Run(Region.Start.Block, Region.Start.Position, Current, false))
      Propagate(Region.Start.Block, Current);
  } else {
    Reach(Region.Start.Block);
    Space.Queued.insert(Region.Start.Block);
    Queue(Region.Start.Block);
  }
  while (!ThisRound.empty() || !NextRound.empty()) {
    if (ThisRound.empty()) {
      std::swap(ThisRound, NextRound);
      std::make_heap(ThisRound.begin(), ThisRound.end());
    }
    std::pop_heap(ThisRound.begin(), ThisRound.end());
    uint32_t B = ThisRound.back();
    ThisRound.pop_back();
    Space.Queued.erase(B);
    Current = In[B];
    if (Run(B, 0, Current, false))
      Propagate(B, Current);
  }

  if (StartsMidBlock) {
    Current = ThreadSet();
    Run(Region.Start.Block, Region.Start.Position, Current, true);
  }
  // In block order; when the flow reached much of the function, its blocks
  // in order cost less than a sort.
  std::vector<uint32_t> &Reached = Space.ReachedList;
  if (Reached.size() > In.size() / 16) {
    Reached.clear();
    for (uint32_t B = 0; B != In.size(); ++B)
      if (Space.Reached.contains(B))
        Reached.push_back(B);
  } else {
    llvm::sort(Reached);
  }
  for (uint32_t B : Reached) {
    Current = In[B];
    Run(B, 0, Current, true);
  }
}

} // namespace forksafe
