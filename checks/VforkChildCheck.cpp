//===- VforkChildCheck.cpp - what the child of vfork may not do -----------===//
//
// docs/semantics.md: the child of vfork() borrows the parent's memory and stack
// until it execs or _exits; it may call nothing else, write nothing but the
// vfork result, and not return. This check alone judges vfork children. Unlike
// the Clang Static Analyzer's unix.Vfork, a call of a function with a visible
// body is followed: it is reported when that body, or one it calls, does what
// the child may not, and the notes walk the chain. No fix-it: vfork -> fork
// changes the cost; posix_spawn is the replacement.
//
//===----------------------------------------------------------------------===//

#include "Checks.h"
#include "Evidence.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

namespace forksafe {

namespace {

constexpr llvm::StringLiteral OnlyExec =
    "may only call an exec function or '_exit'";

/// Whether call C may be made in a vfork child as it is: an exec, _exit,
/// or a function whose body does nothing else.
bool allowed(const Analysis &A, const CallSite &C) {
  const FunctionFacts *G = A.calleeFacts(C);
  return C.Kind != CallKind::Throw && G && !G->VforkForbidden;
}

/// The first event at or after From in block B that does not return, or
/// the number of the block's events.
uint32_t stopOf(const Analysis &A, const Function &Fn, uint32_t B,
                uint32_t From) {
  llvm::ArrayRef<Event> Events = Fn.events(B);
  for (uint32_t I = From; I < Events.size(); ++I)
    if (Events[I].K == Event::Call && A.neverReturns(Fn.Calls[Events[I].Index]))
      return I;
  return Events.size();
}

/// Whether the child of R runs write W: it lies in a block the child
/// enters, or after the vfork in the vfork's block, before any call that
/// does not return.
bool childWrites(const Analysis &A, const ChildRegion &R, const WriteSite &W) {
  const Function &Fn = A.function(R.Site.Function);
  uint32_t Site = R.SitePlace.Position;
  if (W.Block == R.SitePlace.Block && W.Position > Site &&
      W.Position <= stopOf(A, Fn, W.Block, Site + 1))
    return true;
  if (!(R.entryClasses(W.Block) & Zero))
    return false;
  uint32_t End = stopOf(A, Fn, W.Block, 0);
  if (W.Block == R.SitePlace.Block)
    End = std::min(End, Site);
  return W.Position <= End;
}

class VforkChild {
public:
  VforkChild(const Analysis &A, const ChildRegion &R, std::vector<Finding> &Out)
      : A(A), R(R), Fn(A.function(R.Site.Function)), Out(Out) {
    findForksInChild();
    findReachBeforeForks();
  }

  void run();

private:
  void findForksInChild();
  void findReachBeforeForks();
  /// Whether a place of the vfork child is only in the child of a fork the
  /// vfork child made: a process of its own, with its own copy of the
  /// memory. Position counts events, as a write's does.
  bool inForkedChild(uint32_t Block, uint32_t Position) const {
    auto Before = BeforeForks.find(Block);
    if (Before != BeforeForks.end() && Before->second.Begin <= Position &&
        Position <= Before->second.End)
      return false;
    return llvm::any_of(ForksInChild, [&](const ChildRegion *Fork) {
      return Fork->classesAt(Block, Position) == Zero;
    });
  }

  Finding start(SourcePos Pos, std::string Message) {
    return Finding{CheckId::VforkChild, Pos, std::move(Message), {}, {}};
  }
  void finish(Finding &F, Evidence &E, SourcePos Pos) {
    E.note(Pos, "posix_spawn exists for this: it starts a program as vfork "
                "and exec do, without these limits");
    Out.push_back(std::move(F));
  }
  void reportCall(const CallSite &C, uint32_t Call);
  void reportReturn(const ReturnSite &Ret);
  void reportWrite(const WriteSite &W);
  /// Notes the chain from call C to what the child may not do there; the
  /// library function it ends at, or "" for a write.
  std::string chain(Evidence &E, CallRef C);

  const Analysis &A;
  const ChildRegion &R;
  const Function &Fn;
  std::vector<Finding> &Out;
  /// The forks the vfork child makes, in the same function.
  llvm::SmallVector<const ChildRegion *, 1> ForksInChild;
  /// The places of each block the vfork child reaches before it makes any
  /// of them: from Begin to End, the fork call included.
  struct Reach {
    uint32_t Begin = UINT32_MAX;
    uint32_t End = 0;
  };
  /// By block.
  llvm::DenseMap<uint32_t, Reach> BeforeForks;
};

std::string VforkChild::chain(Evidence &E, CallRef C) {
  CallRef Cur = C;
  // Witnesses point to functions that found theirs first: the chain ends.
  for (size_t Hops = 0; Hops != A.program().Functions.size(); ++Hops) {
    const CallSite &S = A.call(Cur);
    if (S.Kind == CallKind::Throw || S.Callee == InvalidIndex)
      break;
    const Function &Callee = A.function(S.Callee);
    if (!Callee.HasBody || Callee.IsCLibrary)
      break;
    uint32_t Witness = A.facts(S.Callee).VforkWitness;
    if (Witness == InvalidIndex) {
      E.note(Callee.OutsideWrite, "'" + Callee.Name.str() +
                                      "' writes memory outside its own "
                                      "frame here");
      return "";
    }
    const CallSite &Next = Callee.Calls[Witness];
    if (Hops < MaxChainNotes && !Next.Pos.FromSystemHeader)
      E.note(Next.Pos, "'" + Callee.Name.str() + "' calls '" +
                           A.calleeName(Next) + "' here");
    Cur = {S.Callee, Witness};
  }
  return A.calleeName(A.call(Cur));
}

void VforkChild::reportCall(const CallSite &C, uint32_t Call) {
  Finding F = start(C.Pos, "");
  Evidence E(A, F);
  E.forkSite(R);
  if (C.Kind == CallKind::Throw) {
    F.Message = "throwing an exception in a vfork child, which " + OnlyExec.str();
  } else if (C.Callee == InvalidIndex) {
    F.Message =
        "call through a function pointer in a vfork child, which " + OnlyExec.str();
  } else {
    std::string Name = "'" + A.calleeName(C) + "'";
    std::string Culprit = chain(E, {R.Site.Function, Call});
    if (Culprit.empty())
      F.Message = "call to " + Name + " in a vfork child reaches a write to "
                  "memory the parent shares; the child may write only the "
                  "variable that holds the vfork result";
    else if ("'" + Culprit + "'" == Name)
      F.Message = "call to " + Name + " in a vfork child, which " + OnlyExec.str();
    else
      F.Message = "call to " + Name + " in a vfork child reaches '" + Culprit +
                  "'; the child " + OnlyExec.str();
  }
  finish(F, E, C.Pos);
}

void VforkChild::reportReturn(const ReturnSite &Ret) {
  std::string Name = "'" + Fn.Name.str() + "'";
  std::string What = Ret.Unwinds    ? "an exception leaving " + Name
                     : Ret.Implicit ? "falling off the end of " + Name
                                    : "returning from " + Name;
  Finding F = start(Ret.Pos, What + " in a vfork child corrupts the stack "
                             "frame the parent returns to; end the child "
                             "with an exec or '_exit'");
  Evidence E(A, F);
  E.forkSite(R);
  finish(F, E, Ret.Pos);
}

void VforkChild::reportWrite(const WriteSite &W) {
  Finding F = start(W.Pos, "write to memory in a vfork child, which shares "
                           "it with the parent; only the variable that holds "
                           "the vfork result may be written");
  Evidence E(A, F);
  E.forkSite(R);
  finish(F, E, W.Pos);
}

void VforkChild::findForksInChild() {
  for (const ChildRegion &Fork : A.forkSitesOf(R.Site.Function))
    if (Fork.Kind == ProcessRole::Fork && &Fork != &R &&
        (R.classesAt(Fork.SitePlace.Block, Fork.SitePlace.Position) & Zero))
      ForksInChild.push_back(&Fork);
}

void VforkChild::findReachBeforeForks() {
  if (ForksInChild.empty())
    return;
  llvm::SmallVector<uint32_t, 2> ForkCalls;
  for (const ChildRegion *Fork : ForksInChild)
    ForkCalls.push_back(Fork->Site.Call);
  std::vector<uint32_t> Work;
  llvm::DenseSet<uint32_t> Entered;
  auto Walk = [&](uint32_t B, uint32_t Start) {
    llvm::ArrayRef<Event> Events = Fn.events(B);
    Reach &Here = BeforeForks[B];
    Here.Begin = std::min(Here.Begin, Start);
    for (uint32_t I = Start; I < Events.size(); ++I) {
      const Event &E = Events[I];
      if (E.K == Event::Call &&
          (llvm::is_contained(ForkCalls, E.Index) ||
           A.neverReturns(Fn.Calls[E.Index]))) {
        Here.End = std::max(Here.End, I);
        return;
      }
    }
    Here.End = std::max<uint32_t>(Here.End, Events.size());
    for (const Edge &Succ : Fn.succs(B))
      if ((R.edgeClasses(Succ, R.exitClasses(B)) & Zero) &&
          Entered.insert(Succ.Target).second)
        Work.push_back(Succ.Target);
  };
  Walk(R.SitePlace.Block, R.SitePlace.Position + 1);
  while (!Work.empty()) {
    uint32_t B = Work.back();
    Work.pop_back();
    Walk(B, 0);
  }
}

void VforkChild::run() {
  A.forEachChildEvent(R, [&](uint32_t Block, uint32_t Position,
                             const Event &E) {
    if (inForkedChild(Block, Position))
      return;
    if (E.K == Event::Return)
      return reportReturn(Fn.Returns[E.Index]);
    if (!allowed(A, Fn.Calls[E.Index]))
      reportCall(Fn.Calls[E.Index], E.Index);
  });
  // The variables that hold the vfork result, or a copy of it, may be
  // written again.
  llvm::SmallVector<uint32_t, 2> ResultVars;
  auto HoldsResult = [&](const WriteSite &W) {
    return W.StoresCall == R.Site.Call ||
           (W.CopiesLocal != InvalidIndex &&
            llvm::is_contained(ResultVars, W.CopiesLocal));
  };
  for (bool Grew = true; Grew;) {
    Grew = false;
    for (const WriteSite &W : Fn.detail().Writes)
      if (W.Local != InvalidIndex && !llvm::is_contained(ResultVars, W.Local) &&
          HoldsResult(W)) {
        ResultVars.push_back(W.Local);
        Grew = true;
      }
  }
  for (const WriteSite &W : Fn.detail().Writes)
    if (W.StoresCall != R.Site.Call &&
        !(W.Local != InvalidIndex && llvm::is_contained(ResultVars, W.Local)) &&
        childWrites(A, R, W) && !inForkedChild(W.Block, W.Position))
      reportWrite(W);
}

} // namespace

void checkVforkChild(const Analysis &A, std::vector<Finding> &Out) {
  for (const ChildRegion &R : A.forkSites())
    // The vfork call itself: a wrapper's callers are not looked at, since
    // the wrapper's return in the child is reported already.
    if (R.Kind == ProcessRole::Vfork &&
        A.facts(A.call(R.Site).Callee).Role == ProcessRole::Vfork)
      VforkChild(A, R, Out).run();
}

} // namespace forksafe
