//===- CallGraph.cpp - Call edges and strongly connected components -------===//

#include "CallGraph.h"
#include "llvm/ADT/STLExtras.h"

namespace forksafe {

CallGraph calleeLists(const Program &P) {
  CallGraph Callees;
  // For each callee, the last caller that listed it: each callee once.
  std::vector<FunctionId> ListedBy(P.Functions.size(), InvalidIndex);
  for (FunctionId F = 0; F != P.Functions.size(); ++F) {
    Callees.startList();
    for (const CallSite &C : P.Functions[F].Calls)
      if (C.Callee != InvalidIndex && ListedBy[C.Callee] != F) {
        ListedBy[C.Callee] = F;
        Callees.add(C.Callee);
      }
  }
  return Callees;
}

CallGraph callerLists(const CallGraph &Callees) {
  // Counting sort of the edges by callee.
  const uint32_t N = Callees.size();
  std::vector<uint32_t> Count(N + 1, 0);
  for (FunctionId F = 0; F != N; ++F)
    for (FunctionId G : Callees[F])
      ++Count[G + 1];
  for (uint32_t I = 0; I != N; ++I)
    Count[I + 1] += Count[I];
  std::vector<FunctionId> Sorted(Count[N]);
  std::vector<uint32_t> Next(Count.begin(), Count.end() - 1);
  for (FunctionId F = 0; F != N; ++F)
    for (FunctionId G : Callees[F])
      Sorted[Next[G]++] = F;
  CallGraph Callers;
  for (FunctionId G = 0; G != N; ++G) {
    Callers.startList();
    for (uint32_t I = Count[G]; I != Count[G + 1]; ++I)
      Callers.add(Sorted[I]);
  }
  return Callers;
}

FlatLists<FunctionId> stronglyConnectedComponents(const CallGraph &Callees) {
  // Tarjan's algorithm with an explicit stack of (node, next edge) frames.
  const uint32_t N = Callees.size();
  std::vector<uint32_t> Index(N, InvalidIndex), LowLink(N, 0), Finish(N, 0);
  std::vector<char> OnStack(N, 0);
  std::vector<FunctionId> Stack, Members;
  std::vector<std::pair<FunctionId, uint32_t>> Frames;
  FlatLists<FunctionId> Components;
  uint32_t NextIndex = 0, NextFinish = 0;

  for (FunctionId Root = 0; Root != N; ++Root) {
    if (Index[Root] != InvalidIndex)
      continue;
    Frames.push_back({Root, 0});
    while (!Frames.empty()) {
      auto &[V, Edge] = Frames.back();
      if (Edge == 0 && Index[V] == InvalidIndex) {
        Index[V] = LowLink[V] = NextIndex++;
        Stack.push_back(V);
        OnStack[V] = 1;
      }
      if (Edge < Callees[V].size()) {
        FunctionId W = Callees[V][Edge++];
        if (Index[W] == InvalidIndex)
          Frames.push_back({W, 0});
        else if (OnStack[W])
          LowLink[V] = std::min(LowLink[V], Index[W]);
        continue;
      }
      Finish[V] = NextFinish++;
      if (LowLink[V] == Index[V]) {
        Members.clear();
        FunctionId W;
        do {
          W = Stack.back();
          Stack.pop_back();
          OnStack[W] = 0;
          Members.push_back(W);
        } while (W != V);
        // In the order the search finished them: a function's callees in
        // the component come before it, but for the calls that close a
        // cycle, so that a pass over the component seldom has to repeat.
        llvm::sort(Members, [&](FunctionId A, FunctionId B) {
          return Finish[A] < Finish[B];
        });
        Components.startList();
        for (FunctionId M : Members)
          Components.add(M);
      }
      FunctionId Done = V;
      Frames.pop_back();
      if (!Frames.empty())
        LowLink[Frames.back().first] =
            std::min(LowLink[Frames.back().first], LowLink[Done]);
    }
  }
  return Components;
}

} // namespace forksafe
