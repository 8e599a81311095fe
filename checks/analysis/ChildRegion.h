//===- ChildRegion.h - What runs in the child of a fork site ----*- C++ -*-===//
//
// docs/semantics.md's child region, child branch, and bounded or escaping
// child, computed on the model by following the fork result through the tests
// on the function's edges.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_CHECKS_ANALYSIS_CHILDREGION_H
#define FORKSAFE_CHECKS_ANALYSIS_CHILDREGION_H

#include "CallGraph.h"
#include "knowledge/Knowledge.h"
#include "model/Model.h"
#include "llvm/ADT/FunctionExtras.h"
#include <memory>
#include <optional>
#include <vector>

namespace forksafe {

/// Where each call of a function sits: its block and its position there.
struct EventPlace {
  uint32_t Block = InvalidIndex;
  uint32_t Position = 0;
};
/// For every function of P, where each of its calls sits.
FlatLists<EventPlace> placeCalls(const Program &P);

/// Tells something of a call: whether it never returns, whether it returns
/// only when it fails (an exec: its result is then -1).
using CallPredicate = llvm::function_ref<bool(const CallSite &)>;

enum class EscapeKind : uint8_t {
  None,
  Untested,    ///< the fork result is never tested
  Daemon,      ///< daemon(): the child is all that goes on
  LeavesBranch,///< reaches code the parent also runs
  JoinsUnforked,///< reaches code that also runs when the process did not
                ///< fork (the daemonize shape)
  Returns,     ///< returns from the function (not main)
  ForksAgain,  ///< loops back to the fork site
};

/// A block of a child region and what the region knows of it.
struct RegionBlock {
  uint32_t Block;
  /// The result classes with which the block is entered.
  uint8_t Classes;
  bool InBranch;
};

/// The predecessors of each block of a function.
FlatLists<uint32_t> predecessorLists(const Function &Fn);

struct ChildRegion {
  /// The function that holds the fork site.
  const Function *Fn = nullptr;
  /// The fork site; for a child entry (ProcessRole::ChildEntry), whose
  /// whole body is the child's, Site.Call is InvalidIndex and SitePlace is
  /// just before the entry block's first event.
  CallRef Site;
  ProcessRole Kind = ProcessRole::Fork;
  EventPlace SitePlace;
  /// The classes with which the fork's own block goes on after the call.
  uint8_t SiteClasses = AnyResult;
  /// Calls of the function that return only when they fail, with -1 (the
  /// exec family), in order: edges that test their result for anything else
  /// are not taken. Shared by the regions of the function.
  std::shared_ptr<const std::vector<uint32_t>> FailingCalls;
  bool Tested = false;
  /// The fork inside a fork wrapper whose result the wrapper returns: its
  /// child goes on in each caller, where the wrapper's calls are the fork
  /// sites; what the child does inside the wrapper is still checked.
  bool Wrapped = false;
  /// The wrapper returns only in the child (a daemonize()): its callers'
  /// children escape, and are reported at each call, what it does inside
  /// included.
  bool WrapsDaemon = false;
  EscapeKind Escape = EscapeKind::None;
  /// Where the child first goes astray, when it escapes.
  SourcePos EscapePos;

  bool escapes() const { return Escape != EscapeKind::None; }
  bool isBounded() const { return !escapes(); }
  /// Whether checks of a bounded child apply: a wrapper's child escapes
  /// into its callers by design.
  bool checkedAsBounded() const {
    return isBounded() || (Wrapped && !WrapsDaemon);
  }
  /// Result classes with which block Block is entered on paths from the
  /// fork; the child reaches the blocks whose classes hold Zero.
  uint8_t entryClasses(uint32_t Block) const {
    if (!ByBlock.empty())
      return ByBlock[Block] & ~InBranchBit;
    const RegionBlock *Known = find(Block);
    return Known ? Known->Classes : 0;
  }
  /// Whether Block is in the child branch: the child reaches it after a
  /// test that tells it from the parent, and neither the parent nor a path
  /// that does not pass the fork reaches it (for daemon(), every block the
  /// child reaches).
  bool inBranch(uint32_t Block) const {
    if (!ByBlock.empty())
      return ByBlock[Block] & InBranchBit;
    const RegionBlock *Known = find(Block);
    return Known && Known->InBranch;
  }
  /// The blocks the region knows: the fork's own block, the blocks the
  /// child enters, and the blocks on the parent's paths into those (where
  /// the parent can arrive too), in ascending order. Other blocks are
  /// entered with no class the checks ask about, and keeping them would
  /// make a function of N fork sites cost N times its size.
  void forEachBlock(llvm::function_ref<void(const RegionBlock &)> Visit) const;
  /// Keeps Known, the blocks the region knows in ascending order, as a list
  /// or, when it covers much of the function's FunctionBlocks, as a byte
  /// per block: never more than a byte per block of the function.
  void setBlocks(std::vector<RegionBlock> Known, uint32_t FunctionBlocks);
  /// Whether the child begins at a call in the function: a fork site, not
  /// a child entry.
  bool hasSiteCall() const { return Site.Call != InvalidIndex; }
  /// Whether the process is the child all along the region: after daemon()
  /// or a function like it, and in a child entry.
  bool childAllAlong() const {
    return Kind == ProcessRole::Daemon || Kind == ProcessRole::ChildEntry;
  }

  /// The classes an edge leaving a block entered with In lets through.
  uint8_t edgeClasses(const Edge &E, uint8_t In) const;

  /// The classes with which block Block goes on to its successors.
  uint8_t exitClasses(uint32_t Block) const {
    return Block == SitePlace.Block ? SiteClasses : entryClasses(Block);
  }

  /// The classes of the fork result at an event of the region.
  uint8_t classesAt(uint32_t Block, uint32_t Position) const {
    if (Block == SitePlace.Block &&
        (Position > SitePlace.Position || !hasSiteCall()))
      return SiteClasses;
    return entryClasses(Block);
  }

  /// Calls F for each event of the child region (the fork's own block after
  /// the call, then every block the child enters), stopping a block at a
  /// call that does not return.
  void forEachEvent(const Function &Fn, CallPredicate NoReturn,
                    llvm::function_ref<void(uint32_t Block, uint32_t Position,
                                            const Event &)>
                        Visit) const;

private:
  const RegionBlock *find(uint32_t Block) const;

  /// The blocks the region knows, when they are few.
  std::vector<RegionBlock> Blocks;
  static constexpr uint8_t InBranchBit = 0x80;
  /// Else (a child that runs on to the end of the function), the classes of
  /// each block of the function, with InBranchBit: read without a search.
  std::vector<uint8_t> ByBlock;
};

/// The whole region: classes, child branch, and how the child escapes.
/// Follows the child's paths from just after the event at From, within
/// the child branch. Visit is called for each event and returns whether the
/// path goes on past it; Astray is called where a path leaves the branch or
/// meets the fork again, with where the child goes on, how, and the block
/// it goes on in.
void walkChildPaths(
    const Function &Fn, const ChildRegion &R, EventPlace From,
    llvm::function_ref<bool(uint32_t Block, uint32_t Position, const Event &)>
        Visit,
    llvm::function_ref<void(SourcePos Where, EscapeKind How, uint32_t Block)>
        Astray);

/// Whether every path from block From ends in a call that does not return,
/// before a return and before the fork's block ForkBlock.
bool endsOnEveryPath(const Function &Fn, uint32_t From, uint32_t ForkBlock,
                     CallPredicate NoReturn);

/// A set of blocks of one function that empties in constant time, so that
/// the many regions of a function can reuse one.
class BlockMarks {
public:
  explicit BlockMarks(uint32_t Blocks) : Stamps(Blocks, 0) {}
  void clear();
  /// Adds B; whether it was not there.
  bool insert(uint32_t B) {
    if (Stamps[B] == Epoch)
      return false;
    Stamps[B] = Epoch;
    return true;
  }
  void erase(uint32_t B) { Stamps[B] = 0; }
  bool contains(uint32_t B) const { return Stamps[B] == Epoch; }

private:
  std::vector<uint32_t> Stamps;
  /// Never 0: a stamp of 0 marks no set.
  uint32_t Epoch = 1;
};

/// What the building of a region works in, sized for the function once.
struct RegionScratch {
  explicit RegionScratch(uint32_t Blocks)
      : Classes(Blocks, 0), Scope(Blocks), Queued(Blocks), Unforked(Blocks) {}
  /// The classes with which each block is entered, while they are followed,
  /// and the blocks whose classes are not 0.
  std::vector<uint8_t> Classes;
  std::vector<uint32_t> Entered;
  BlockMarks Scope;
  BlockMarks Queued;
  BlockMarks Unforked;
};

/// Makes the child regions of the forks of one function, with what they
/// share computed once: a function that forks N times costs N regions the
/// size of each child, not N walks of the whole function.
class FunctionRegions {
public:
  FunctionRegions(const Function &Fn, FunctionId FnId,
                  llvm::ArrayRef<EventPlace> Places, CallPredicate NoReturn,
                  CallPredicate OnlyFails);

  /// The whole region of the fork at call SiteCall: classes, child branch,
  /// and how the child escapes.
  ChildRegion childRegion(uint32_t SiteCall, ProcessRole Kind);
  /// Only the classes of the fork result along the child's paths: enough
  /// to tell what a function returns in the child.
  ChildRegion childClasses(uint32_t SiteCall, ProcessRole Kind);
  /// The classes of the fork result in every block a path from the fork
  /// reaches, the parent's alone too: for what the parent returns.
  ChildRegion classesEverywhere(uint32_t SiteCall, ProcessRole Kind);
  /// The body of a function a host runs in a forked child (ChildEntries):
  /// every block is the child's, and a return ends it as main's does.
  ChildRegion childEntryRegion();

private:
  ChildRegion start(uint32_t SiteCall, EventPlace SitePlace,
                    ProcessRole Kind) const;
  const FlatLists<uint32_t> &preds();

  const Function &Fn;
  FunctionId FnId;
  llvm::ArrayRef<EventPlace> Places;
  CallPredicate NoReturn;
  std::shared_ptr<const std::vector<uint32_t>> FailingCalls;
  /// predecessorLists(Fn), made for the first fork site.
  std::optional<FlatLists<uint32_t>> Preds;
  RegionScratch Scratch;
};

/// Blocks reachable from Entry, as a bit per block.
std::vector<char> reachableBlocks(const Function &Fn);

} // namespace forksafe

#endif // FORKSAFE_CHECKS_ANALYSIS_CHILDREGION_H
