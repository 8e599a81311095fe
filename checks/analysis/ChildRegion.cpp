//===- ChildRegion.cpp - What runs in the child of a fork site ------------===//

#include "ChildRegion.h"
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

uint8_t ChildRegion::edgeClasses(const Edge &E, uint8_t In) const {
  // daemon()'s result says nothing about which process runs: only the child
  // goes on.
  if (childAllAlong())
    return In;
  uint8_t Out = In;
  for (const ResultTest &T : Fn->tests(E)) {
    if (T.Call == Site.Call)
      Out &= T.Classes;
    else if (!(T.Classes & MinusOne) && llvm::is_contained(FailingCalls, T.Call))
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
  std::vector<char> Seen(Fn.Blocks.size(), 0);
  std::vector<uint32_t> Work{Start};
  Seen[Start] = 1;
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
                     R.EntryClasses[B] & Positive ? EscapeKind::LeavesBranch
                                                  : EscapeKind::JoinsUnforked,
                     B};
    for (const Edge &E : Fn.succs(B))
      if ((R.edgeClasses(E, R.EntryClasses[B]) & Zero) && !Seen[E.Target]) {
        Seen[E.Target] = 1;
        Work.push_back(E.Target);
      }
  }
  return std::nullopt;
}

/// Builds a ChildRegion in three steps: the classes of the fork result along
/// the paths of the child, the child branch, and whether the child escapes.
class RegionBuilder {
public:
  RegionBuilder(const Function &Fn, ChildRegion &R, CallPredicate NoReturn)
      : Fn(Fn), R(R), NoReturn(NoReturn) {}

  void propagateClasses();
  void delimitBranch();
  void findEscape();

private:
  /// Whether the walk of block B from position From reaches the block's
  /// end: it stops at a call that does not return and at the fork again.
  bool walksThrough(uint32_t B, uint32_t From) const;
  /// The classes with which block B goes on to its successors, or 0.
  uint8_t exitClasses(uint32_t B) const;
  /// The blocks a path from the entry reaches without passing the fork.
  /// Such a path does not take an edge only the child takes: its variable
  /// holds no fork result (`pid = i == 3 ? fork() : -1; if (!pid) ...`).
  std::vector<char> reachableWithoutFork() const;
  bool childOnly(const Edge &E) const;
  void escape(EscapeKind Kind, SourcePos Pos);

  const Function &Fn;
  ChildRegion &R;
  CallPredicate NoReturn;
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
  return R.EntryClasses[B] && walksThrough(B, 0) ? R.EntryClasses[B] : 0;
}

void RegionBuilder::propagateClasses() {
  std::vector<uint32_t> Work;
  std::vector<char> Queued(Fn.Blocks.size(), 0);
  auto Propagate = [&](uint32_t B, uint8_t In) {
    for (const Edge &E : Fn.succs(B)) {
      uint8_t Out = R.edgeClasses(E, In);
      uint8_t &Entry = R.EntryClasses[E.Target];
      // Parent paths are followed too: a later test tells the child apart
      // only where the parent can also arrive.
      if (!Out || (Entry | Out) == Entry)
        continue;
      Entry |= Out;
      if (!Queued[E.Target]) {
        Queued[E.Target] = 1;
        Work.push_back(E.Target);
      }
    }
  };
  if (uint8_t Out = exitClasses(R.SitePlace.Block))
    Propagate(R.SitePlace.Block, Out);
  while (!Work.empty()) {
    uint32_t B = Work.back();
    Work.pop_back();
    Queued[B] = 0;
    // The fork's own block, entered again, runs up to the fork and stops.
    if (B != R.SitePlace.Block && walksThrough(B, 0))
      Propagate(B, R.EntryClasses[B]);
  }
}

void RegionBuilder::delimitBranch() {
  const uint32_t N = Fn.Blocks.size();
  R.InBranch.assign(N, 0);
  if (R.childAllAlong()) {
    R.Tested = true;
    R.InBranch[R.SitePlace.Block] = 1;
    for (uint32_t B = 0; B != N; ++B)
      if (R.EntryClasses[B])
        R.InBranch[B] = 1;
    return;
  }
  // A child edge: a test that separates the child from the parent.
  for (uint32_t B = 0; B != N && !R.Tested; ++B) {
    uint8_t In = exitClasses(B);
    if (In & Positive)
      for (const Edge &E : Fn.succs(B)) {
        uint8_t Out = R.edgeClasses(E, In);
        R.Tested |= (Out & Zero) && !(Out & Positive);
      }
  }
  // The child's own code: what it reaches after such a test, and neither
  // the parent nor a path that never forked reaches. Past the join with the
  // path that did not fork (`if (background) { if (fork() > 0) exit(0); }
  // serve();`) the code runs with or without a fork: not the child's.
  const std::vector<char> Unforked = reachableWithoutFork();
  for (uint32_t B = 0; B != N; ++B)
    R.InBranch[B] = B != R.SitePlace.Block && (R.EntryClasses[B] & Zero) &&
                    !(R.EntryClasses[B] & Positive) && !Unforked[B];
}

std::vector<char> RegionBuilder::reachableWithoutFork() const {
  std::vector<char> Reached(Fn.Blocks.size(), 0);
  std::vector<uint32_t> Work{Fn.Entry};
  Reached[Fn.Entry] = 1;
  while (!Work.empty()) {
    uint32_t B = Work.back();
    Work.pop_back();
    if (B == R.SitePlace.Block)
      continue;
    for (const Edge &E : Fn.succs(B))
      if (!Reached[E.Target] && !childOnly(E)) {
        Reached[E.Target] = 1;
        Work.push_back(E.Target);
      }
  }
  return Reached;
}

bool RegionBuilder::childOnly(const Edge &E) const {
  return !R.childAllAlong() && R.edgeClasses(E, AnyResult) == Zero;
}

SourcePos firstPosFrom(const Function &Fn, uint32_t Start) {
  std::vector<char> Seen(Fn.Blocks.size(), 0);
  std::vector<uint32_t> Work{Start};
  Seen[Start] = 1;
  for (size_t I = 0; I != Work.size(); ++I) {
    uint32_t B = Work[I];
    if (Fn.Blocks[B].Pos.isValid())
      return Fn.Blocks[B].Pos;
    for (const Event &E : Fn.events(B))
      if (E.K == Event::Return)
        return Fn.Returns[E.Index].Pos;
    for (const Edge &E : Fn.succs(B))
      if (!Seen[E.Target]) {
        Seen[E.Target] = 1;
        Work.push_back(E.Target);
      }
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
  for (uint32_t B = 0; B != Fn.Blocks.size(); ++B) {
    if (!R.InBranch[B] || !(R.EntryClasses[B] & Zero))
      continue;
    bool Through = true;
    for (const Event &E : Fn.events(B)) {
      if (E.K == Event::Return) {
        const ReturnSite &Ret = Fn.Returns[E.Index];
        // A return from main ends the child like exit() does; an exception
        // out of main ends it in std::terminate.
        if (!Fn.IsMain)
          escape(EscapeKind::Returns, Ret.Pos);
      } else if (NoReturn(Fn.Calls[E.Index])) {
        Through = false;
        break;
      }
    }
    if (!Through)
      continue;
    for (const Edge &E : Fn.succs(B)) {
      if (!(R.edgeClasses(E, R.EntryClasses[B]) & Zero) || R.InBranch[E.Target])
        continue;
      std::vector<uint32_t> BackInBranch;
      if (std::optional<Strayed> S = strayOutside(Fn, R, E.Target, BackInBranch))
        escape(S->How, S->Where);
    }
  }
}

} // namespace

void walkChildPaths(
    const Function &Fn, const ChildRegion &R, EventPlace From,
    llvm::function_ref<bool(uint32_t, uint32_t, const Event &)> Visit,
    llvm::function_ref<void(SourcePos, EscapeKind, uint32_t)> Astray) {
  std::vector<char> Seen(Fn.Blocks.size(), 0);
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
      if (!(R.edgeClasses(E, R.exitClasses(B)) & Zero) || Seen[E.Target])
        continue;
      if (R.inBranch(E.Target)) {
        Seen[E.Target] = 1;
        Work.push_back(E.Target);
        continue;
      }
      std::vector<uint32_t> BackInBranch;
      if (std::optional<Strayed> S = strayOutside(Fn, R, E.Target, BackInBranch))
        Astray(S->Where, S->How, S->Block);
      for (uint32_t Back : BackInBranch)
        if (!Seen[Back]) {
          Seen[Back] = 1;
          Work.push_back(Back);
        }
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
  std::vector<char> Seen(Fn.Blocks.size(), 0);
  std::vector<uint32_t> Work{From};
  Seen[From] = 1;
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
      if (!Seen[E.Target]) {
        Seen[E.Target] = 1;
        Work.push_back(E.Target);
      }
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
  for (uint32_t B = 0; B != Fn.Blocks.size(); ++B)
    if (EntryClasses[B] & Zero)
      Walk(B, 0, B == SitePlace.Block ? SitePlace.Position : ~0u);
}

static ChildRegion childClassesFrom(const Function &Fn, FunctionId FnId,
                                    uint32_t SiteCall, EventPlace SitePlace,
                                    ProcessRole Kind, CallPredicate NoReturn,
                                    CallPredicate OnlyFails) {
  ChildRegion R;
  for (const ResultTest &T : Fn.Tests)
    if (T.Call != SiteCall && OnlyFails(Fn.Calls[T.Call]) &&
        !llvm::is_contained(R.FailingCalls, T.Call))
      R.FailingCalls.push_back(T.Call);
  R.Fn = &Fn;
  R.Site = {FnId, SiteCall};
  R.Kind = Kind;
  R.SitePlace = SitePlace;
  R.EntryClasses.assign(Fn.Blocks.size(), 0);
  R.SiteClasses = R.childAllAlong() ? Zero : AnyResult;
  RegionBuilder(Fn, R, NoReturn).propagateClasses();
  return R;
}

ChildRegion computeChildClasses(const Function &Fn, FunctionId FnId,
                                uint32_t SiteCall, ProcessRole Kind,
                                llvm::ArrayRef<EventPlace> Places,
                                CallPredicate NoReturn, CallPredicate OnlyFails) {
  return childClassesFrom(Fn, FnId, SiteCall, Places[SiteCall], Kind, NoReturn,
                          OnlyFails);
}

ChildRegion computeChildEntryRegion(const Function &Fn, FunctionId FnId,
                                    CallPredicate NoReturn,
                                    CallPredicate OnlyFails) {
  // Position ~0u: the walks of the site's block start at Position + 1, the
  // entry block's first event, and no event is the site.
  ChildRegion R =
      childClassesFrom(Fn, FnId, InvalidIndex, {Fn.Entry, ~0u},
                       ProcessRole::ChildEntry, NoReturn, OnlyFails);
  RegionBuilder Builder(Fn, R, NoReturn);
  Builder.delimitBranch();
  Builder.findEscape();
  return R;
}

ChildRegion computeChildRegion(const Function &Fn, FunctionId FnId,
                               uint32_t SiteCall, ProcessRole Kind,
                               llvm::ArrayRef<EventPlace> Places,
                               CallPredicate NoReturn, CallPredicate OnlyFails) {
  ChildRegion R = computeChildClasses(Fn, FnId, SiteCall, Kind, Places,
                                      NoReturn, OnlyFails);
  RegionBuilder Builder(Fn, R, NoReturn);
  Builder.delimitBranch();
  Builder.findEscape();
  return R;
}

} // namespace forksafe
