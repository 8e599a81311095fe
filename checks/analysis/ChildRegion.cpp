//===- ChildRegion.cpp - What runs in the child of a fork site ------------===//

#include "ChildRegion.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include <optional>

namespace forksafe {

FlatLists<EventPlace> placeCalls(const Program &P) {
  FlatLists<EventPlace> All;
  std::vector<EventPlace> Places;
  for (const Function &Fn : P.Functions) {
    Places.assign(Fn.Calls.size(), EventPlace{});
    for (uint32_t B = 0; B != Fn.Blocks.size(); ++B)
      for (uint32_t I = 0; I != Fn.events(B).size(); ++I) {
        const Event &E = Fn.events(B)[I];
        if (E.K == Event::Call)
          Places[E.Index] = {B, I};
      }
    All.startList();
    for (const EventPlace &Place : Places)
      All.add(Place);
  }
  return All;
}

std::vector<char> reachableBlocks(const Function &Fn) {
  std::vector<char> Reached(Fn.Blocks.size(), 0);
  if (Fn.Entry == InvalidIndex)
    return Reached;
  std::vector<uint32_t> Work{Fn.Entry};
  Reached[Fn.Entry] = 1;
  while (!Work.empty()) {
    uint32_t B = Work.back();
    Work.pop_back();
    for (const Edge &E : Fn.succs(B))
      if (!Reached[E.Target]) {
        Reached[E.Target] = 1;
        Work.push_back(E.Target);
      }
  }
  return Reached;
}

FlatLists<uint32_t> predecessorLists(const Function &Fn) {
  std::vector<std::pair<uint32_t, uint32_t>> Edges;
  for (uint32_t B = 0; B != Fn.Blocks.size(); ++B)
    for (const Edge &E : Fn.succs(B))
      Edges.push_back({E.Target, B});
  llvm::sort(Edges);
  FlatLists<uint32_t> Preds;
  size_t Next = 0;
  for (uint32_t B = 0; B != Fn.Blocks.size(); ++B) {
    Preds.startList();
    for (; Next != Edges.size() && Edges[Next].first == B; ++Next)
      Preds.add(Edges[Next].second);
  }
  return Preds;
}

void BlockMarks::clear() {
  if (++Epoch == 0) {
    std::fill(Stamps.begin(), Stamps.end(), 0);
    Epoch = 1;
  }
}

void ChildRegion::setBlocks(std::vector<RegionBlock> Known,
                            uint32_t FunctionBlocks) {
  ByBlock.clear();
  if (Known.size() * sizeof(RegionBlock) < FunctionBlocks) {
    Blocks = std::move(Known);
    return;
  }
  Blocks = {};
  ByBlock.assign(FunctionBlocks, 0);
  for (const RegionBlock &B : Known)
    ByBlock[B.Block] = B.Classes | (B.InBranch ? InBranchBit : 0);
}

void ChildRegion::forEachBlock(
    llvm::function_ref<void(const RegionBlock &)> Visit) const {
  if (ByBlock.empty()) {
    for (const RegionBlock &B : Blocks)
      Visit(B);
    return;
  }
  for (uint32_t B = 0; B != ByBlock.size(); ++B)
    if (ByBlock[B] || B == SitePlace.Block)
      Visit({B, uint8_t(ByBlock[B] & ~InBranchBit),
             bool(ByBlock[B] & InBranchBit)});
}

const RegionBlock *ChildRegion::find(uint32_t Block) const {
  auto It = llvm::partition_point(
      Blocks, [&](const RegionBlock &Known) { return Known.Block < Block; });
  return It != Blocks.end() && It->Block == Block ? &*It : nullptr;
}

uint8_t ChildRegion::edgeClasses(const Edge &E, uint8_t In) const {
  // daemon()'s result says nothing about which process runs: only the child
  // goes on.
  if (childAllAlong())
    return In;
  uint8_t Out = In;
  for (const ResultTest &T : Fn->tests(E)) {
    if (T.Call == Site.Call)
      Out &= T.Classes;
    else if (!(T.Classes & MinusOne) &&
             std::binary_search(FailingCalls->begin(), FailingCalls->end(),
                                T.Call))
      return 0;
  }
  return Out;
}

namespace {

/// Where the code from block Start on begins in the source: the first block
/// with a position, breadth first, or the first return met.
SourcePos firstPosFrom(const Function &Fn, uint32_t Start);

struct Strayed {
  SourcePos Where;
  EscapeKind How;
  uint32_t Block;
};

/// Follows the child from block Start, outside the child branch, through
/// blocks that only test: the child strays where it first runs a statement
/// of the parent's code or meets the fork again. Branch blocks it comes back
/// to are added to BackInBranch.
std::optional<Strayed> strayOutside(const Function &Fn, const ChildRegion &R,
                                    uint32_t Start,
                                    std::vector<uint32_t> &BackInBranch) {
  llvm::DenseSet<uint32_t> Seen{Start};
  std::vector<uint32_t> Work{Start};
  while (!Work.empty()) {
    uint32_t B = Work.back();
    Work.pop_back();
    if (R.inBranch(B)) {
      BackInBranch.push_back(B);
      continue;
    }
    if (B == R.SitePlace.Block)
      return R.SitePlace.Position == 0
                 ? Strayed{Fn.Calls[R.Site.Call].Pos, EscapeKind::ForksAgain, B}
                 : Strayed{firstPosFrom(Fn, B), EscapeKind::LeavesBranch, B};
    if (!Fn.events(B).empty())
      return Strayed{firstPosFrom(Fn, B),
                     R.entryClasses(B) & Positive ? EscapeKind::LeavesBranch
                                                  : EscapeKind::JoinsUnforked,
                     B};
    for (const Edge &E : Fn.succs(B))
      if ((R.edgeClasses(E, R.entryClasses(B)) & Zero) &&
          Seen.insert(E.Target).second)
        Work.push_back(E.Target);
  }
  return std::nullopt;
}

/// Builds a ChildRegion in three steps: the classes of the fork result along
/// the paths of the child, the child branch, and whether the child escapes.
class RegionBuilder {
public:
  RegionBuilder(const Function &Fn, ChildRegion &R, CallPredicate NoReturn,
                RegionScratch &S)
      : Fn(Fn), R(R), NoReturn(NoReturn), S(S) {}

  /// Follows the classes from the fork into the blocks where they matter:
  /// those the child reaches, and those on the parent's paths into them.
  void propagateToChild(const FlatLists<uint32_t> &Preds);
  /// Follows the classes from the fork into every block it reaches.
  void propagateEverywhere();
  void delimitBranch();
  void findEscape();

private:
  /// The blocks the child reaches, and those from which a path reaches one
  /// of them without passing the fork's block: the parent, where it comes
  /// along such a path, tells the child's code from shared code. No other
  /// block's classes say anything of the child.
  void scopeToChild(const FlatLists<uint32_t> &Preds);
  bool inScope(uint32_t B) const { return !Scoped || S.Scope.contains(B); }
  void propagateClasses();
  /// Records the classes found in Known and in R, the fork's block always.
  void keepClasses();
  /// Whether the walk of block B from position From reaches the block's
  /// end: it stops at a call that does not return and at the fork again.
  bool walksThrough(uint32_t B, uint32_t From) const;
  /// The classes with which block B goes on to its successors, or 0.
  uint8_t exitClasses(uint32_t B) const;
  /// The blocks a path from the entry reaches without passing the fork.
  /// Such a path does not take an edge only the child takes: its variable
  /// holds no fork result (`pid = i == 3 ? fork() : -1; if (!pid) ...`).
  void markReachableWithoutFork();
  bool childOnly(const Edge &E) const;
  void escape(EscapeKind Kind, SourcePos Pos);

  const Function &Fn;
  ChildRegion &R;
  CallPredicate NoReturn;
  RegionScratch &S;
  /// The blocks the region knows, while the builder works on them.
  std::vector<RegionBlock> Known;
  /// Whether classes are followed only into S.Scope.
  bool Scoped = false;
};

bool RegionBuilder::walksThrough(uint32_t B, uint32_t From) const {
  const auto &Events = Fn.events(B);
  for (uint32_t I = From; I < Events.size(); ++I) {
    if (Events[I].K != Event::Call)
      continue;
    if (B == R.SitePlace.Block && I == R.SitePlace.Position)
      return false;
    if (NoReturn(Fn.Calls[Events[I].Index]))
      return false;
  }
  return true;
}

uint8_t RegionBuilder::exitClasses(uint32_t B) const {
  if (B == R.SitePlace.Block)
    return walksThrough(B, R.SitePlace.Position + 1) ? R.SiteClasses : 0;
  uint8_t In = R.entryClasses(B);
  return In && walksThrough(B, 0) ? In : 0;
}

void RegionBuilder::scopeToChild(const FlatLists<uint32_t> &Preds) {
  const uint32_t Site = R.SitePlace.Block;
  Scoped = true;
  S.Scope.clear();
  S.Scope.insert(Site);
  // The child's blocks: the classes are independent bits, so Zero alone
  // follows the same edges as it does among the others.
  std::vector<uint32_t> Work;
  auto Follow = [&](uint32_t B) {
    for (const Edge &E : Fn.succs(B))
      if ((R.edgeClasses(E, Zero) & Zero) && S.Scope.insert(E.Target))
        Work.push_back(E.Target);
  };
  if (walksThrough(Site, R.SitePlace.Position + 1) && (R.SiteClasses & Zero))
    Follow(Site);
  std::vector<uint32_t> ChildBlocks;
  while (!Work.empty()) {
    uint32_t B = Work.back();
    Work.pop_back();
    ChildBlocks.push_back(B);
    if (walksThrough(B, 0))
      Follow(B);
  }
  // Only the child goes on: no other class to tell it from.
  if (R.SiteClasses == Zero)
    return;
  Work = std::move(ChildBlocks);
  while (!Work.empty()) {
    uint32_t B = Work.back();
    Work.pop_back();
    for (uint32_t P : Preds[B])
      if (S.Scope.insert(P))
        Work.push_back(P);
  }
}

void RegionBuilder::propagateClasses() {
  std::vector<uint32_t> Work;
  S.Queued.clear();
  auto Propagate = [&](uint32_t B, uint8_t In) {
    for (const Edge &E : Fn.succs(B)) {
      uint8_t Out = R.edgeClasses(E, In);
      if (!Out || !inScope(E.Target))
        continue;
      // Parent paths are followed too: a later test tells the child apart
      // only where the parent can also arrive.
      uint8_t &Classes = S.Classes[E.Target];
      if ((Classes | Out) == Classes)
        continue;
      if (!Classes)
        S.Entered.push_back(E.Target);
      Classes |= Out;
      if (S.Queued.insert(E.Target))
        Work.push_back(E.Target);
    }
  };
  if (walksThrough(R.SitePlace.Block, R.SitePlace.Position + 1))
    Propagate(R.SitePlace.Block, R.SiteClasses);
  while (!Work.empty()) {
    uint32_t B = Work.back();
    Work.pop_back();
    S.Queued.erase(B);
    // The fork's own block, entered again, runs up to the fork and stops.
    if (B != R.SitePlace.Block && walksThrough(B, 0))
      Propagate(B, S.Classes[B]);
  }
}

void RegionBuilder::keepClasses() {
  const uint32_t Site = R.SitePlace.Block;
  if (!S.Classes[Site])
    S.Entered.push_back(Site);
  // A child that runs on to the end of the function enters most of it:
  // then the blocks in order cost less than a sort.
  if (S.Entered.size() > S.Classes.size() / 16) {
    S.Entered.clear();
    for (uint32_t B = 0; B != S.Classes.size(); ++B)
      if (S.Classes[B] || B == Site)
        S.Entered.push_back(B);
  } else {
    llvm::sort(S.Entered);
  }
  Known.clear();
  Known.reserve(S.Entered.size());
  for (uint32_t B : S.Entered) {
    Known.push_back({B, S.Classes[B], false});
    S.Classes[B] = 0;
  }
  S.Entered.clear();
  R.setBlocks(Known, Fn.Blocks.size());
}

void RegionBuilder::propagateToChild(const FlatLists<uint32_t> &Preds) {
  scopeToChild(Preds);
  propagateClasses();
  keepClasses();
}

void RegionBuilder::propagateEverywhere() {
  propagateClasses();
  keepClasses();
}

void RegionBuilder::delimitBranch() {
  if (R.childAllAlong()) {
    R.Tested = true;
    for (RegionBlock &B : Known)
      B.InBranch = B.Classes || B.Block == R.SitePlace.Block;
    R.setBlocks(std::move(Known), Fn.Blocks.size());
    return;
  }
  // A child edge: a test that separates the child from the parent.
  for (const RegionBlock &B : Known) {
    uint8_t In = exitClasses(B.Block);
    if (In & Positive)
      for (const Edge &E : Fn.succs(B.Block)) {
        uint8_t Out = R.edgeClasses(E, In);
        R.Tested |= (Out & Zero) && !(Out & Positive);
      }
    if (R.Tested)
      break;
  }
  // The child's own code: what it reaches after such a test, and neither
  // the parent nor a path that never forked reaches. Past the join with the
  // path that did not fork (`if (background) { if (fork() > 0) exit(0); }
  // serve();`) the code runs with or without a fork: not the child's.
  markReachableWithoutFork();
  for (RegionBlock &B : Known)
    B.InBranch = B.Block != R.SitePlace.Block && (B.Classes & Zero) &&
                 !(B.Classes & Positive) && !S.Unforked.contains(B.Block);
  R.setBlocks(std::move(Known), Fn.Blocks.size());
}

void RegionBuilder::markReachableWithoutFork() {
  // A path from the entry to the child's code that avoids the fork lies in
  // the scope, which holds every block that reaches that code so.
  S.Unforked.clear();
  if (!inScope(Fn.Entry))
    return;
  std::vector<uint32_t> Work{Fn.Entry};
  S.Unforked.insert(Fn.Entry);
  while (!Work.empty()) {
    uint32_t B = Work.back();
    Work.pop_back();
    if (B == R.SitePlace.Block)
      continue;
    for (const Edge &E : Fn.succs(B))
      if (inScope(E.Target) && !childOnly(E) && S.Unforked.insert(E.Target))
        Work.push_back(E.Target);
  }
}

bool RegionBuilder::childOnly(const Edge &E) const {
  return !R.childAllAlong() && R.edgeClasses(E, AnyResult) == Zero;
}

SourcePos firstPosFrom(const Function &Fn, uint32_t Start) {
  llvm::DenseSet<uint32_t> Seen{Start};
  std::vector<uint32_t> Work{Start};
  for (size_t I = 0; I != Work.size(); ++I) {
    uint32_t B = Work[I];
    if (Fn.Blocks[B].Pos.isValid())
      return Fn.Blocks[B].Pos;
    for (const Event &E : Fn.events(B))
      if (E.K == Event::Return)
        return Fn.Returns[E.Index].Pos;
    for (const Edge &E : Fn.succs(B))
      if (Seen.insert(E.Target).second)
        Work.push_back(E.Target);
  }
  return {};
}

void RegionBuilder::escape(EscapeKind Kind, SourcePos Pos) {
  if (R.Escape == EscapeKind::None) {
    R.Escape = Kind;
    R.EscapePos = Pos;
  }
}

void RegionBuilder::findEscape() {
  // The host that runs a child entry ends the child when it returns.
  if (R.Kind == ProcessRole::ChildEntry)
    return;
  const CallSite &Site = Fn.Calls[R.Site.Call];
  if (R.Kind == ProcessRole::Daemon)
    return escape(EscapeKind::Daemon, Site.Pos);
  if (!R.Tested)
    return escape(EscapeKind::Untested, Site.Pos);
  R.forEachBlock([&](const RegionBlock &Entered) {
    if (!Entered.InBranch || !(Entered.Classes & Zero))
      return;
    const uint32_t B = Entered.Block;
    for (const Event &E : Fn.events(B)) {
      if (E.K == Event::Return) {
        const ReturnSite &Ret = Fn.Returns[E.Index];
        // A return from main ends the child like exit() does; an exception
        // out of main ends it in std::terminate.
        if (!Fn.IsMain)
          escape(EscapeKind::Returns, Ret.Pos);
      } else if (NoReturn(Fn.Calls[E.Index])) {
        return;
      }
    }
    for (const Edge &E : Fn.succs(B)) {
      if (!(R.edgeClasses(E, Entered.Classes) & Zero) || R.inBranch(E.Target))
        continue;
      std::vector<uint32_t> BackInBranch;
      if (std::optional<Strayed> S = strayOutside(Fn, R, E.Target, BackInBranch))
        escape(S->How, S->Where);
    }
  });
}

} // namespace

void walkChildPaths(
    const Function &Fn, const ChildRegion &R, EventPlace From,
    llvm::function_ref<bool(uint32_t, uint32_t, const Event &)> Visit,
    llvm::function_ref<void(SourcePos, EscapeKind, uint32_t)> Astray) {
  llvm::DenseSet<uint32_t> Seen;
  std::vector<uint32_t> Work;
  auto Walk = [&](uint32_t B, uint32_t Start) {
    const auto &Events = Fn.events(B);
    for (uint32_t I = Start; I < Events.size(); ++I) {
      if (B == R.SitePlace.Block && I == R.SitePlace.Position) {
        Astray(Fn.Calls[R.Site.Call].Pos, EscapeKind::ForksAgain, B);
        return;
      }
      if (!Visit(B, I, Events[I]))
        return;
    }
    for (const Edge &E : Fn.succs(B)) {
      if (!(R.edgeClasses(E, R.exitClasses(B)) & Zero) || Seen.count(E.Target))
        continue;
      if (R.inBranch(E.Target)) {
        Seen.insert(E.Target);
        Work.push_back(E.Target);
        continue;
      }
      std::vector<uint32_t> BackInBranch;
      if (std::optional<Strayed> S = strayOutside(Fn, R, E.Target, BackInBranch))
        Astray(S->Where, S->How, S->Block);
      for (uint32_t Back : BackInBranch)
        if (Seen.insert(Back).second)
          Work.push_back(Back);
    }
  };
  Walk(From.Block, From.Position + 1);
  while (!Work.empty()) {
    uint32_t B = Work.back();
    Work.pop_back();
    Walk(B, 0);
  }
}

bool endsOnEveryPath(const Function &Fn, uint32_t From, uint32_t ForkBlock,
                     CallPredicate NoReturn) {
  llvm::DenseSet<uint32_t> Seen{From};
  std::vector<uint32_t> Work{From};
  while (!Work.empty()) {
    uint32_t B = Work.back();
    Work.pop_back();
    if (B == ForkBlock)
      return false;
    bool Ends = false;
    for (const Event &E : Fn.events(B)) {
      if (E.K == Event::Return)
        return false;
      if (NoReturn(Fn.Calls[E.Index])) {
        Ends = true;
        break;
      }
    }
    if (Ends)
      continue;
    if (Fn.succs(B).empty())
      return false;
    for (const Edge &E : Fn.succs(B))
      if (Seen.insert(E.Target).second)
        Work.push_back(E.Target);
  }
  return true;
}

void ChildRegion::forEachEvent(
    const Function &Fn, CallPredicate NoReturn,
    llvm::function_ref<void(uint32_t, uint32_t, const Event &)> Visit) const {
  auto Walk = [&](uint32_t B, uint32_t From, uint32_t To) {
    const auto &Events = Fn.events(B);
    for (uint32_t I = From; I < To && I < Events.size(); ++I) {
      Visit(B, I, Events[I]);
      if (Events[I].K == Event::Call && NoReturn(Fn.Calls[Events[I].Index]))
        return;
    }
  };
  Walk(SitePlace.Block, SitePlace.Position + 1, ~0u);
  forEachBlock([&](const RegionBlock &B) {
    if (B.Classes & Zero)
      Walk(B.Block, 0, B.Block == SitePlace.Block ? SitePlace.Position : ~0u);
  });
}

FunctionRegions::FunctionRegions(const Function &Fn, FunctionId FnId,
                                 llvm::ArrayRef<EventPlace> Places,
                                 CallPredicate NoReturn,
                                 CallPredicate OnlyFails)
    : Fn(Fn), FnId(FnId), Places(Places), NoReturn(NoReturn),
      Scratch(Fn.Blocks.size()) {
  std::vector<uint32_t> Failing;
  for (const ResultTest &T : Fn.Tests)
    if (OnlyFails(Fn.Calls[T.Call]))
      Failing.push_back(T.Call);
  llvm::sort(Failing);
  Failing.erase(std::unique(Failing.begin(), Failing.end()), Failing.end());
  FailingCalls =
      std::make_shared<const std::vector<uint32_t>>(std::move(Failing));
}

const FlatLists<uint32_t> &FunctionRegions::preds() {
  if (!Preds)
    Preds = predecessorLists(Fn);
  return *Preds;
}

ChildRegion FunctionRegions::start(uint32_t SiteCall, EventPlace SitePlace,
                                   ProcessRole Kind) const {
  ChildRegion R;
  R.FailingCalls = FailingCalls;
  R.Fn = &Fn;
  R.Site = {FnId, SiteCall};
  R.Kind = Kind;
  R.SitePlace = SitePlace;
  R.SiteClasses = R.childAllAlong() ? Zero : AnyResult;
  return R;
}

ChildRegion FunctionRegions::childClasses(uint32_t SiteCall, ProcessRole Kind) {
  ChildRegion R = start(SiteCall, Places[SiteCall], Kind);
  RegionBuilder(Fn, R, NoReturn, Scratch).propagateToChild(preds());
  return R;
}

ChildRegion FunctionRegions::classesEverywhere(uint32_t SiteCall,
                                               ProcessRole Kind) {
  ChildRegion R = start(SiteCall, Places[SiteCall], Kind);
  RegionBuilder(Fn, R, NoReturn, Scratch).propagateEverywhere();
  return R;
}

ChildRegion FunctionRegions::childEntryRegion() {
  // Position ~0u: the walks of the site's block start at Position + 1, the
  // entry block's first event, and no event is the site. Every block the
  // body reaches is the child's.
  ChildRegion R = start(InvalidIndex, {Fn.Entry, ~0u}, ProcessRole::ChildEntry);
  RegionBuilder Builder(Fn, R, NoReturn, Scratch);
  Builder.propagateEverywhere();
  Builder.delimitBranch();
  Builder.findEscape();
  return R;
}

ChildRegion FunctionRegions::childRegion(uint32_t SiteCall, ProcessRole Kind) {
  ChildRegion R = start(SiteCall, Places[SiteCall], Kind);
  RegionBuilder Builder(Fn, R, NoReturn, Scratch);
  Builder.propagateToChild(preds());
  Builder.delimitBranch();
  Builder.findEscape();
  return R;
}

} // namespace forksafe
