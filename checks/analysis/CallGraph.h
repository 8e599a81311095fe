//===- CallGraph.h - Call edges and their strongly connected components -*- C++ -*-===//

#ifndef FORKSAFE_CHECKS_ANALYSIS_CALLGRAPH_H
#define FORKSAFE_CHECKS_ANALYSIS_CALLGRAPH_H

#include "model/Model.h"
#include "llvm/ADT/ArrayRef.h"
#include <vector>

namespace forksafe {

/// A call site named by its function and its index in Function::Calls.
struct CallRef {
  FunctionId Function = InvalidIndex;
  uint32_t Call = InvalidIndex;

  bool isValid() const { return Function != InvalidIndex; }
  bool operator==(const CallRef &O) const {
    return Function == O.Function && Call == O.Call;
  }
};

/// Lists of items, one list per index, in two flat arrays: a program of a
/// million functions holds two vectors, not a million.
template <typename T> class FlatLists {
public:
  /// Starts the next list; items added after it belong to it.
  void startList() { Begins.push_back(Items.size()); }
  void add(const T &Item) { Items.push_back(Item); }
  llvm::ArrayRef<T> back() const { return (*this)[size() - 1]; }

  uint32_t size() const { return Begins.size(); }
  llvm::ArrayRef<T> operator[](uint32_t I) const {
    uint32_t End = I + 1 == Begins.size() ? Items.size() : Begins[I + 1];
    return llvm::ArrayRef(Items).slice(Begins[I], End - Begins[I]);
  }

private:
  std::vector<uint32_t> Begins;
  std::vector<T> Items;
};

using CallGraph = FlatLists<FunctionId>;

/// The callees of each function, in call order, with duplicates removed.
CallGraph calleeLists(const Program &P);

/// Who calls each function.
CallGraph callerLists(const CallGraph &Callees);

/// The strongly connected components of the call graph, callees before
/// callers, so that a bottom-up pass sees a function's callees first; in a
/// component, its functions in depth-first postorder, callees first but for
/// the calls that close a cycle. Iterative: a call chain of any depth uses no stack.
FlatLists<FunctionId> stronglyConnectedComponents(const CallGraph &Callees);

} // namespace forksafe

#endif // FORKSAFE_CHECKS_ANALYSIS_CALLGRAPH_H
