//===- VforkChildCheck.cpp - what the child of vfork may not do -----------===//
//
// SPEC.md: the child of vfork() borrows the parent's memory and stack until
// it execs or _exits; it may call nothing else, write nothing but the vfork
// result, and not return. This check alone judges vfork children. Unlike
// the Clang Static Analyzer's unix.Vfork, a call of a function with a
// visible body is followed: it is reported when that body, or one it calls,
// does what the child may not, and the notes walk the chain. No fix-it:
// vfork -> fork changes the cost; posix_spawn is the replacement.
//
//===----------------------------------------------------------------------===//

#include "Checks.h"
#include "Evidence.h"

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
  if (!(R.EntryClasses[W.Block] & Zero))
    return false;
  uint32_t End = stopOf(A, Fn, W.Block, 0);
  if (W.Block == R.SitePlace.Block)
    End = std::min(End, Site);
  return W.Position <= End;
}

class VforkChild {
public:
  VforkChild(const Analysis &A, const ChildRegion &R, std::vector<Finding> &Out)
      : A(A), R(R), Fn(A.function(R.Site.Function)), Out(Out) {}

  void run();

private:
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

void VforkChild::run() {
  A.forEachChildEvent(R, [&](uint32_t, uint32_t, const Event &E) {
    if (E.K == Event::Return)
      return reportReturn(Fn.Returns[E.Index]);
    if (!allowed(A, Fn.Calls[E.Index]))
      reportCall(Fn.Calls[E.Index], E.Index);
  });
  // The variables that hold the vfork result may be written again.
  llvm::SmallVector<uint32_t, 2> ResultVars;
  for (const WriteSite &W : Fn.Writes)
    if (W.StoresCall == R.Site.Call && W.Local != InvalidIndex)
      ResultVars.push_back(W.Local);
  for (const WriteSite &W : Fn.Writes)
    if (W.StoresCall != R.Site.Call &&
        !(W.Local != InvalidIndex && llvm::is_contained(ResultVars, W.Local)) &&
        childWrites(A, R, W))
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
