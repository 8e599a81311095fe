//===- FactsFixpoint.cpp - The facts of a program, callees first ----------===//
//
// The order in which functions are summarized: the call graph's strongly
// connected components, callees first, each settled from a worklist.
//
//===----------------------------------------------------------------------===//

#include "Facts.h"
#include "SignalSafety.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include <deque>

namespace forksafe {

namespace {

/// The lists of culprits a function reaches, as SafetyTable interns them.
std::pair<uint32_t, uint32_t> reachedLists(const SafetyTable &Safety,
                                           FunctionId F) {
  return {Safety.at(F, ForkFlavor::Fork).Reached,
          Safety.at(F, ForkFlavor::RawFork).Reached};
}

/// Vec with no more room than its items: a summary recomputed on each visit
/// of a recursive component keeps the capacity of its largest visit.
template <typename Vector> void shrinkToSize(Vector &Vec) {
  if (Vec.capacity() != Vec.size())
    Vec = Vector(Vec.begin(), Vec.end());
}

/// Gives back what a settled function's summaries no longer need: a
/// program of many functions holds them all until its checks are done.
void releaseSlack(FunctionFacts &F) {
  if (!F.hasRare())
    return;
  RareFacts &R = F.editRare();
  shrinkToSize(R.LeavesRunning);
  shrinkToSize(R.ExitsWithThreads);
  shrinkToSize(R.ExitsAfterExec);
  shrinkToSize(R.HandleUses);
  shrinkToSize(R.AlwaysJoins);
}

} // namespace

std::vector<FunctionFacts>
computeFacts(const Program &P, const Options &Opts, const Knowledge &Know,
             const CallGraph &Callees, const FlatLists<EventPlace> &Places,
             SafetyTable &Safety) {
  std::vector<FunctionFacts> Facts(P.Functions.size());
  Safety.init(P.Functions.size(), Opts.SafetyProfile == Profile::Glibc);
  for (FunctionId F = 0; F != P.Functions.size(); ++F)
    initDeclarationFacts(P.Functions[F], F, Opts, Know, Facts[F], Safety);

  auto Summarized = [&](FunctionId F) {
    const Function &Fn = P.Functions[F];
    return Fn.HasBody && !Fn.IsCLibrary && Fn.Entry != InvalidIndex;
  };
  // A recursive component is summarized from a worklist: a function whose
  // summary changes puts its callers in the component back on it.
  // Summaries only grow, so the component settles; the bound on visits
  // keeps a pathological one from costing more than a few passes.
  constexpr unsigned MaxVisits = 8;
  const CallGraph Callers = callerLists(Callees);
  std::vector<uint32_t> ComponentOf(P.Functions.size(), InvalidIndex);
  std::vector<uint8_t> Visits(P.Functions.size(), 0);
  std::vector<char> Queued(P.Functions.size(), 0);
  const FlatLists<FunctionId> Components = stronglyConnectedComponents(Callees);
  for (uint32_t ComponentIndex = 0; ComponentIndex != Components.size();
       ++ComponentIndex) {
    llvm::ArrayRef<FunctionId> Component = Components[ComponentIndex];
    // A function of a recursive component is often visited twice: its
    // reachable blocks, which no summary changes, are found once.
    llvm::SmallDenseMap<FunctionId, std::vector<char>, 1> Reachable;
    for (FunctionId F : Component)
      ComponentOf[F] = ComponentIndex;
    auto ReachableIn = [&](FunctionId F) -> llvm::ArrayRef<char> {
      std::vector<char> &Blocks = Reachable[F];
      if (Blocks.empty())
        Blocks = reachableBlocks(P.Functions[F]);
      return Blocks;
    };
    // Visit returns whether F's callers in the component must see it again.
    auto Settle = [&](llvm::function_ref<bool(FunctionId)> Visit) {
      std::deque<FunctionId> Work(Component.begin(), Component.end());
      for (FunctionId F : Component) {
        Queued[F] = 1;
        Visits[F] = 0;
      }
      while (!Work.empty()) {
        FunctionId F = Work.front();
        Work.pop_front();
        Queued[F] = 0;
        if (!Summarized(F) || Visits[F]++ == MaxVisits || !Visit(F))
          continue;
        for (FunctionId Caller : Callers[F])
          if (ComponentOf[Caller] == ComponentIndex && !Queued[Caller]) {
            Queued[Caller] = 1;
            Work.push_back(Caller);
          }
      }
    };
    Settle([&](FunctionId F) {
      return summarizeFunction(P, Know, Facts, Safety, F, Places[F],
                               ReachableIn(F));
    });
    // The culprits each function reaches, most hazardous first, change
    // many times before a large cycle settles; the rest of the summaries
    // do not depend on them, so they settle apart, at the cost of the
    // safety summary alone. A function with no cycle through it saw its
    // callees' final lists already.
    if (Component.size() > 1 || llvm::is_contained(Callees[Component[0]],
                                                   Component[0]))
      Settle([&](FunctionId F) {
        if (Facts[F].SafetyDeclared)
          return false;
        auto Before = reachedLists(Safety, F);
        summarizeSafety(P.Functions[F], F, Places[F], ReachableIn(F), Facts,
                        Safety);
        return reachedLists(Safety, F) != Before;
      });
    for (FunctionId F : Component)
      releaseSlack(Facts[F]);
  }
  return Facts;
}

} // namespace forksafe
