//===- ThreadFlow.cpp - Which threads may be running, flow-sensitively ----===//

#include "ThreadFlow.h"
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

bool ThreadSet::mergeFrom(const ThreadSet &O) {
  bool Changed = false;
  for (const RunningThread &T : O.Threads)
    Changed |= add(T);
  return Changed;
}

static HandleKey handleAt(const CallSite &C, int32_t Slot) {
  const ArgInfo *A = C.arg(Slot);
  return A ? A->Handle : HandleKey{};
}

bool applyCallToThreads(const Program &P, const std::vector<FunctionFacts> &Facts,
                        FunctionId F, uint32_t Call, ThreadSet &S) {
  const CallSite &C = P.Functions[F].Calls[Call];
  if (C.Callee == InvalidIndex)
    return !C.DeclaredNoReturn;
  const FunctionFacts &G = Facts[C.Callee];
  if (std::optional<ThreadStartInfo> Start = threadStartOf(C, G)) {
    S.add({{F, Call}, Call, handleAt(C, Start->HandleSlot), false});
  } else {
    for (const RunningThread &T : G.LeavesRunning)
      S.add({T.Origin, Call, mapHandleToCaller(T.Key, C), T.Detached});
  }
  if (G.JoinSlot)
    S.join(handleAt(C, *G.JoinSlot));
  for (const HandleKey &K : G.AlwaysJoins)
    S.join(mapHandleToCaller(K, C));
  if (G.DetachSlot)
    S.detach(handleAt(C, *G.DetachSlot));
  return !C.DeclaredNoReturn && !G.NoReturn;
}

void runThreadFlow(const Program &P, const std::vector<FunctionFacts> &Facts,
                   FunctionId F, const FlowRegion &Region, ThreadVisitor Visit) {
  const Function &Fn = P.Functions[F];
  const uint32_t N = Fn.Blocks.size();
  std::vector<ThreadSet> In(N);
  std::vector<char> Reached(N, 0), Queued(N, 0);
  std::vector<uint32_t> Work;

  auto Run = [&](uint32_t B, uint32_t From, ThreadSet S,
                 bool DoVisit) -> std::optional<ThreadSet> {
    const auto &Events = Fn.Blocks[B].Events;
    for (uint32_t I = From; I < Events.size(); ++I) {
      if (B == Region.Stop.Block && I == Region.Stop.Position)
        return std::nullopt;
      if (DoVisit)
        Visit(B, I, Events[I], S);
      if (Events[I].K == Event::Call &&
          !applyCallToThreads(P, Facts, F, Events[I].Index, S))
        return std::nullopt;
    }
    return S;
  };
  auto Propagate = [&](uint32_t B, const ThreadSet &Out) {
    for (const Edge &E : Fn.Blocks[B].Succs) {
      if (!Region.Follows(B, E))
        continue;
      bool Changed = In[E.Target].mergeFrom(Out) || !Reached[E.Target];
      Reached[E.Target] = 1;
      if (Changed && !Queued[E.Target]) {
        Queued[E.Target] = 1;
        Work.push_back(E.Target);
      }
    }
  };

  const bool StartsMidBlock = Region.Start.Position != 0;
  if (StartsMidBlock) {
    if (std::optional<ThreadSet> Out =
            Run(Region.Start.Block, Region.Start.Position, {}, false))
      Propagate(Region.Start.Block, *Out);
  } else {
    Reached[Region.Start.Block] = 1;
    Queued[Region.Start.Block] = 1;
    Work.push_back(Region.Start.Block);
  }
  while (!Work.empty()) {
    uint32_t B = Work.back();
    Work.pop_back();
    Queued[B] = 0;
    if (std::optional<ThreadSet> Out = Run(B, 0, In[B], false))
      Propagate(B, *Out);
  }

  if (StartsMidBlock)
    Run(Region.Start.Block, Region.Start.Position, {}, true);
  for (uint32_t B = 0; B != N; ++B)
    if (Reached[B])
      Run(B, 0, In[B], true);
}

} // namespace forksafe
