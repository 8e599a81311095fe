//===- ThreadFlow.h - Which threads may be running, flow-sensitively -*- C++ -*-===//
//
// The dataflow behind MT rules 2 and 3 and behind child-thread-not-joined:
// thread starts add a running thread, joins remove the threads whose handle
// they name, calls add what their callee leaves running.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_CHECKS_ANALYSIS_THREADFLOW_H
#define FORKSAFE_CHECKS_ANALYSIS_THREADFLOW_H

#include "ChildRegion.h"
#include "Facts.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/FunctionExtras.h"

namespace forksafe {

class ThreadSet {
public:
  /// Beyond this many threads a set keeps its first ones: it still says
  /// that threads run, and its size stays bounded.
  static constexpr unsigned Limit = 16;

  bool add(const RunningThread &T);
  void join(const HandleKey &K);
  void detach(const HandleKey &K);
  /// A new thread is started into the variable K: the threads K named
  /// before are named by nothing now (no join through K ends them).
  void rebind(const HandleKey &K);
  bool mergeFrom(const ThreadSet &O);
  bool empty() const { return Threads.empty(); }
  llvm::ArrayRef<RunningThread> threads() const { return Threads; }

private:
  llvm::SmallVector<RunningThread, 2> Threads;
};

/// Per block: the handles joined on each edge that leaves a loop, as
/// (successor index, handle).
using EdgeJoins =
    std::vector<llvm::SmallVector<std::pair<uint32_t, HandleKey>, 1>>;

/// The part of a function a flow runs over.
struct FlowRegion {
  /// The first event the flow runs.
  EventPlace Start;
  /// An event where every walk stops (a fork site met again), if valid.
  EventPlace Stop;
  /// Which edges leaving a block the flow follows.
  llvm::function_ref<bool(uint32_t Block, const Edge &)> Follows;
};

using ThreadVisitor = llvm::function_ref<void(
    uint32_t Block, uint32_t Position, const Event &, const ThreadSet &Before)>;

/// A loop that joins threads is taken to join every thread its handles
/// name when it exits, as `for (i = 0; i < n; i++) pthread_join(t[i], 0);`
/// does after `for (...) pthread_create(&t[i], ...);`. The path around zero
/// iterations, which a plain may-analysis follows, goes with the zero
/// iterations of the loop that started them. Empty (no entry per block)
/// when the function joins nothing.
EdgeJoins loopExitJoins(const Function &Fn,
                        const std::vector<FunctionFacts> &Facts);

/// What the thread flows over one function share, made once for the many
/// regions of a function that forks many times: its loop exits, and the
/// space a flow works in, sized for the function and cleared as far as the
/// last flow wrote it.
struct ThreadFlowSpace {
  ThreadFlowSpace(const Function &Fn, const std::vector<FunctionFacts> &Facts)
      : LoopExits(loopExitJoins(Fn, Facts)), In(Fn.Blocks.size()),
        Reached(Fn.Blocks.size()), Queued(Fn.Blocks.size()) {
    ReachedList.reserve(Fn.Blocks.size());
    ThisRound.reserve(Fn.Blocks.size());
    NextRound.reserve(Fn.Blocks.size());
  }

  const EdgeJoins LoopExits;
  /// What may run on entry to each block the flow reaches, and which.
  std::vector<ThreadSet> In;
  BlockMarks Reached;
  std::vector<uint32_t> ReachedList;
  /// The queued blocks: a heap of those of this round, and the next's.
  BlockMarks Queued;
  std::vector<uint32_t> ThisRound;
  std::vector<uint32_t> NextRound;
};

/// Applies call Call of F to S; returns false when the call does not return.
bool applyCallToThreads(const Program &P, const std::vector<FunctionFacts> &Facts,
                        FunctionId F, uint32_t Call, ThreadSet &S);

/// Runs the flow over Region to a fixpoint, starting with no thread
/// running, then visits each event of the region once for every state it
/// is entered with (once per block entry, plus the start).
void runThreadFlow(const Program &P, const std::vector<FunctionFacts> &Facts,
                   FunctionId F, const FlowRegion &Region,
                   ThreadFlowSpace &Space, ThreadVisitor Visit);

} // namespace forksafe

#endif // FORKSAFE_CHECKS_ANALYSIS_THREADFLOW_H
