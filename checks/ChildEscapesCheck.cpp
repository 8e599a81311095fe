//===- ChildEscapesCheck.cpp - a child that runs on as the parent ---------===//
//
// semantics.md, "Escaping children": at a fork site of a process with no
// other thread, whose child execs on some path within its branch and, on
// another path from the same entry into the branch, before any exec, exit
// or call that does not return, returns from the function into code the
// parent also runs, leaves the branch into the parent's code, or loops back
// to the fork. Fix-it: `_exit(1);` in place of each such return.
//
//===----------------------------------------------------------------------===//

#include "Checks.h"
#include "Evidence.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <optional>

namespace forksafe {

namespace {

struct Escape {
  SourcePos Where;
  EscapeKind How;
  /// For a return: Function::Returns' index.
  uint32_t Return = InvalidIndex;
};

/// Whether call C ends the child: an exec (the failure after it is
/// child-fallthrough's), exit(), or a call that does not return.
bool endsChildPath(const Analysis &A, const CallSite &C) {
  const FunctionFacts *G = A.calleeFacts(C);
  return A.neverReturns(C) ||
         (G && (G->EndsChild != ChildEnd::None || G->Role == ProcessRole::Exit));
}

/// How deep mayExec looks into the functions a call reaches.
constexpr unsigned MayExecDepth = 4;

/// Whether call C may exec: an exec, or a call of a function that makes
/// one on some path, within MayExecDepth calls (`exec_shell()` that checks
/// its arguments, execs, and dies if that fails).
bool mayExec(const Analysis &A, const CallSite &C, unsigned Depth,
             llvm::SmallPtrSetImpl<const Function *> &Seen) {
  if (isExecLike(A, C))
    return true;
  if (C.Callee == InvalidIndex || Depth == 0)
    return false;
  const Function &G = A.function(C.Callee);
  if (!G.HasBody || !Seen.insert(&G).second)
    return false;
  for (uint32_t B = 0; B != G.Blocks.size(); ++B)
    for (const Event &E : G.events(B))
      if (E.K == Event::Call && mayExec(A, G.Calls[E.Index], Depth - 1, Seen))
        return true;
  return false;
}

/// Whether the child execs on some path from Entry that stays in its branch:
/// the sign that the child is
/// meant to become another program there, and that a path that leaves
/// first is a slip. A child that ends only on errors (`if (login_tty(s))
/// _exit(1); return 0;`) is meant to go on in the caller; one that execs
/// only past the parent's code (`case 0: break; } ...; if (pid) { wait;
/// exit; } execvp(...);`) is meant to go on into that code.
bool execsInBranch(const Analysis &A, const ChildRegion &R, uint32_t Entry) {
  const Function &Fn = A.function(R.Site.Function);
  llvm::DenseSet<uint32_t> Seen{Entry};
  std::vector<uint32_t> Work{Entry};
  while (!Work.empty()) {
    uint32_t B = Work.back();
    Work.pop_back();
    bool GoesOn = true;
    for (const Event &E : Fn.events(B)) {
      if (E.K == Event::Return)
        break;
      const CallSite &C = Fn.Calls[E.Index];
      llvm::SmallPtrSet<const Function *, 8> Looked;
      if (mayExec(A, C, MayExecDepth, Looked))
        return true;
      if (endsChildPath(A, C)) {
        GoesOn = false;
        break;
      }
    }
    if (!GoesOn)
      continue;
    for (const Edge &E : Fn.succs(B)) {
      uint32_t T = E.Target;
      if (!R.inBranch(T) || !(R.edgeClasses(E, R.exitClasses(B)) & Zero) ||
          !Seen.insert(T).second)
        continue;
      Work.push_back(T);
    }
  }
  return false;
}

/// Whether the parent, after the fork, returns from the function: if it
/// ends there (the daemonize shape), the child returning is the design.
bool parentReturns(const Analysis &A, const ChildRegion &R) {
  const Function &Fn = A.function(R.Site.Function);
  const ChildRegion Everywhere = A.classesEverywhere(R);
  bool Returns = false;
  Everywhere.forEachBlock([&](const RegionBlock &B) {
    llvm::ArrayRef<Event> Events = Fn.events(B.Block);
    for (uint32_t I = 0; I != Events.size(); ++I)
      Returns |= Events[I].K == Event::Return &&
                 (Everywhere.classesAt(B.Block, I) & Positive);
  });
  return Returns;
}

/// The blocks where the child's branch begins: targets of an edge that the
/// child takes from outside the branch. Such an edge leaves a block the
/// child enters, or the fork's: one the region knows.
std::vector<uint32_t> branchEntries(const Function &Fn, const ChildRegion &R) {
  std::vector<uint32_t> Entries;
  R.forEachBlock([&](const RegionBlock &B) {
    if (B.InBranch)
      return;
    for (const Edge &E : Fn.succs(B.Block))
      if (R.inBranch(E.Target) &&
          (R.edgeClasses(E, R.exitClasses(B.Block)) & Zero) &&
          !llvm::is_contained(Entries, E.Target))
        Entries.push_back(E.Target);
  });
  return Entries;
}

/// The paths of the child branch that reach the parent's code before any
/// child end.
std::vector<Escape> findEscapes(const Analysis &A, const ChildRegion &R) {
  const Function &Fn = A.function(R.Site.Function);
  std::vector<Escape> Found;
  auto Add = [&](Escape X) {
    for (const Escape &Seen : Found)
      if (Seen.Where.File == X.Where.File && Seen.Where.Offset == X.Where.Offset)
        return;
    Found.push_back(X);
  };
  std::optional<bool> ParentReturns;
  auto NoReturn = [&](const CallSite &C) { return A.neverReturns(C); };
  for (uint32_t Entry : branchEntries(Fn, R)) {
    if (!execsInBranch(A, R, Entry))
      continue;
    walkChildPaths(
        Fn, R, {Entry, ~0u},
        [&](uint32_t, uint32_t, const Event &E) {
          if (E.K == Event::Call)
            return !endsChildPath(A, Fn.Calls[E.Index]);
          const ReturnSite &Ret = Fn.Returns[E.Index];
          // A return from main ends the child as exit() does.
          if (Fn.IsMain)
            return false;
          if (!ParentReturns)
            ParentReturns = parentReturns(A, R);
          if (*ParentReturns)
            Add({Ret.Pos, EscapeKind::Returns, E.Index});
          return false;
        },
        [&](SourcePos Where, EscapeKind How, uint32_t Block) {
          // Code past a join with the unforked path (the parent has ended),
          // and shared code that ends the process on every path (an error
          // label's exit(1)), run no second copy of the parent.
          if (How == EscapeKind::JoinsUnforked ||
              (How == EscapeKind::LeavesBranch &&
               endsOnEveryPath(Fn, Block, R.SitePlace.Block, NoReturn)))
            return;
          Add({Where, How});
        });
  }
  return Found;
}

std::string consequence(const Analysis &A, const ChildRegion &R,
                        EscapeKind How) {
  if (How == EscapeKind::Returns)
    return "return from '" + A.function(R.Site.Function).Name.str() +
           "' and run its caller's code";
  if (How == EscapeKind::ForksAgain)
    return "loop back and fork again";
  return "go on into code the parent also runs";
}

/// `_exit(1);` in place of `return ...;`: the child's value means nothing
/// to a caller that is the parent's code.
void replaceReturn(const Analysis &A, const ChildRegion &R,
                   const ReturnSite &Ret, Finding &F) {
  const Function &Fn = A.function(R.Site.Function);
  if (Ret.Implicit || Ret.Unwinds || Ret.Statement == InvalidIndex ||
      !A.program().declares(R.Site.Function, "_exit"))
    return;
  const StatementSpan &Span = Fn.detail().Statements[Ret.Statement];
  F.Fixes.push_back(
      {Span.File, Span.Begin, Span.End - Span.Begin, "_exit(1);"});
}

Finding escapeFinding(const Analysis &A, const ChildRegion &R,
                      llvm::ArrayRef<Escape> Escapes) {
  const CallSite &Site = A.call(R.Site);
  Finding F{CheckId::ChildEscapes, Site.Pos,
            "the child of '" + forkName(A, R) + "' may " +
                consequence(A, R, Escapes.front().How) +
                " before it execs or exits, as a second copy of the parent",
            {}, {}};
  Evidence E(A, F);
  for (const Escape &X : Escapes) {
    if (X.How == EscapeKind::Returns) {
      E.note(X.Where, "the child returns from here");
      replaceReturn(A, R, A.function(R.Site.Function).Returns[X.Return], F);
    } else if (X.How == EscapeKind::LeavesBranch) {
      E.note(X.Where, "the child goes on here, in code the parent also runs");
    }
  }
  return F;
}

} // namespace

void checkChildEscapes(const Analysis &A, std::vector<Finding> &Out) {
  forEachForkChild(A, [&](const ChildRegion &R) {
    // A wrapper's child returns by design; daemon()'s child and an untested
    // fork's are meant to go on; with threads, the escape is
    // fork-with-threads' or fork-in-thread's.
    if (!R.hasSiteCall() || R.Wrapped || !R.Tested ||
        R.Kind != ProcessRole::Fork ||
        A.contextAt(R.Site.Function, R.Site.Call).isMultithreaded())
      return;
    std::vector<Escape> Escapes = findEscapes(A, R);
    if (!Escapes.empty())
      Out.push_back(escapeFinding(A, R, Escapes));
  });
}

} // namespace forksafe
