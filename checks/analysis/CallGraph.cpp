//===- CallGraph.cpp - Call edges and strongly connected components -------===//

#include "CallGraph.h"
#include "llvm/ADT/DenseSet.h"

namespace forksafe {

std::vector<std::vector<FunctionId>> calleeLists(const Program &P) {
  std::vector<std::vector<FunctionId>> Callees(P.Functions.size());
  for (FunctionId F = 0; F != P.Functions.size(); ++F) {
    llvm::SmallDenseSet<FunctionId, 16> Seen;
    for (const CallSite &C : P.Functions[F].Calls)
      if (C.Callee != InvalidIndex && Seen.insert(C.Callee).second)
        Callees[F].push_back(C.Callee);
  }
  return Callees;
}

std::vector<std::vector<FunctionId>>
stronglyConnectedComponents(const std::vector<std::vector<FunctionId>> &Callees) {
  // Tarjan's algorithm with an explicit stack of (node, next edge) frames.
  const uint32_t N = Callees.size();
  std::vector<uint32_t> Index(N, InvalidIndex), LowLink(N, 0);
  std::vector<char> OnStack(N, 0);
  std::vector<FunctionId> Stack;
  std::vector<std::pair<FunctionId, uint32_t>> Frames;
  std::vector<std::vector<FunctionId>> Components;
  uint32_t NextIndex = 0;

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
      if (LowLink[V] == Index[V]) {
        std::vector<FunctionId> Component;
        FunctionId W;
        do {
          W = Stack.back();
          Stack.pop_back();
          OnStack[W] = 0;
          Component.push_back(W);
        } while (W != V);
        Components.push_back(std::move(Component));
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
