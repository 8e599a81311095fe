//===- CallGraph.h - Call edges and their strongly connected components -*- C++ -*-===//

#ifndef FORKSAFE_CHECKS_ANALYSIS_CALLGRAPH_H
#define FORKSAFE_CHECKS_ANALYSIS_CALLGRAPH_H

#include "model/Model.h"
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

/// The callees of each function, in call order, with duplicates removed.
std::vector<std::vector<FunctionId>> calleeLists(const Program &P);

/// The strongly connected components of the call graph, callees before
/// callers, so that a bottom-up pass sees a function's callees first.
/// Iterative: a call chain of any depth uses no stack.
std::vector<std::vector<FunctionId>>
stronglyConnectedComponents(const std::vector<std::vector<FunctionId>> &Callees);

} // namespace forksafe

#endif // FORKSAFE_CHECKS_ANALYSIS_CALLGRAPH_H
