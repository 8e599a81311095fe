//===- ForkWithUnflushedStdioCheck.cpp - Output written twice -------------===//
//
// docs/semantics.md, "Unflushed output": at a fork site where a stream may
// hold output written before the fork, when a child that execs on no path
// flushes that stream (fflush, fclose) or every stream (exit(), a return
// from main). Fix-it: `fflush(NULL);` before the fork.
//
//===----------------------------------------------------------------------===//

#include "Checks.h"
#include "Evidence.h"
#include "analysis/StdioBuffers.h"

namespace forksafe {

namespace {

/// Where the child writes out what the parent's buffers held.
struct ChildFlush {
  SourcePos Pos;
  /// What it is, for a note: "'exit' flushes every stream here".
  std::string Note;
  bool Every = false;
  StateKey Stream;

  bool covers(StateKey S) const { return Every || Stream == S; }
};

/// The flushes on the child's paths before it ends or leaves its branch;
/// none for a child that execs on some path. Such a child is meant to be
/// another program: its flushes are on the way out of a failure, before
/// the exec or after it, which are exit-in-child's and child-escapes'.
std::vector<ChildFlush> childFlushes(const Analysis &A,
                                     const StdioBuffers &Buffers,
                                     const ChildRegion &R) {
  const Function &Fn = A.function(R.Site.Function);
  std::vector<ChildFlush> Flushes;
  bool Execs = false;
  walkChildPaths(
      Fn, R, R.SitePlace,
      [&](uint32_t, uint32_t, const Event &E) {
        if (E.K == Event::Return) {
          if (isMainReturn(Fn, E))
            Flushes.push_back({Fn.Returns[E.Index].Pos,
                               "returning from 'main' calls 'exit', which "
                               "flushes every stream",
                               true, {}});
          return false;
        }
        const CallSite &C = Fn.Calls[E.Index];
        if (isExecLike(A, C)) {
          Execs = true;
          return false;
        }
        std::string Callee = A.calleeName(C);
        if (std::optional<StreamEffect> Effect = Buffers.effectOf(C)) {
          if (Effect->Effect == StdioEffect::Flush ||
              Effect->Effect == StdioEffect::Close)
            Flushes.push_back({C.Pos, "'" + Callee + "' writes it out here",
                               Effect->Every, Effect->Stream});
          return true;
        }
        const FunctionFacts *Facts = A.calleeFacts(C);
        if (isExitCall(A, C) || (Facts && Facts->runsExit())) {
          Flushes.push_back(
              {C.Pos,
               isExitCall(A, C)
                   ? "'" + Callee + "' flushes every stream here"
                   : "'" + Callee + "' calls 'exit', which flushes every stream",
               true, {}});
          return false;
        }
        if (const KeyState *Callee =
                C.Callee == InvalidIndex ? nullptr : Buffers.summary(C.Callee)) {
          std::string Note = "'" + A.calleeName(C) + "' writes it out";
          if (Callee->Others & Flushed)
            Flushes.push_back({C.Pos, Note, true, {}});
          for (const KeyBits &B : Callee->Listed)
            if (B.Bits & Flushed)
              Flushes.push_back({C.Pos, Note, false, B.Key});
        }
        return !A.neverReturns(C);
      },
      [](SourcePos, EscapeKind, uint32_t) {});
  if (Execs)
    Flushes.clear();
  return Flushes;
}

std::string writerNote(const Analysis &A, const StdioBuffers &Buffers,
                       CallRef Changer, const std::string &Stream) {
  const CallSite &C = A.call(Changer);
  std::string Callee = "'" + A.calleeName(C) + "'";
  if (Buffers.effectOf(C))
    return Callee + " writes to '" + Stream + "' here";
  return Callee + " writes to '" + Stream + "' and does not flush it";
}

std::optional<Finding> unflushedFinding(const Analysis &A,
                                        const StdioBuffers &Buffers,
                                        const ChildRegion &R) {
  llvm::SmallVector<DirtyKey, 2> Unflushed =
      Buffers.unflushedBefore(R.Site.Function, R.Site.Call);
  if (Unflushed.empty())
    return std::nullopt;
  std::vector<ChildFlush> Flushes = childFlushes(A, Buffers, R);
  for (const DirtyKey &Out : Unflushed)
    for (const ChildFlush &Flush : Flushes) {
      if (!Flush.covers(Out.Key))
        continue;
      const Function &Fn = A.function(R.Site.Function);
      const CallSite &Site = Fn.Calls[R.Site.Call];
      std::string Stream = Buffers.streamName(Out.Changer.Function, Out.Key);
      Finding F{CheckId::ForkWithUnflushedStdio, Site.Pos,
                "output written to '" + Stream + "' before '" +
                    forkName(A, R) +
                    "' is still in its buffer, and the child writes it out "
                    "again: it appears twice when '" + Stream +
                    "' is a file or a pipe; call 'fflush(NULL)' before the "
                    "fork",
                {},
                {}};
      Evidence E(A, F);
      E.note(A.call(Out.Changer).Pos,
             writerNote(A, Buffers, Out.Changer, Stream));
      E.note(Flush.Pos, "in the child, " + Flush.Note);
      if (A.program().declares(R.Site.Function, "fflush"))
        F.Fixes = editBesideStatement(Fn, Site.Statement, "fflush(NULL);",
                                      Side::Before);
      return F;
    }
  return std::nullopt;
}

} // namespace

void checkForkWithUnflushedStdio(const Analysis &A,
                                 std::vector<Finding> &Out) {
  std::optional<StdioBuffers> Buffers;
  for (const ChildRegion &R : A.forkSites()) {
    // daemon()'s parent ends with _exit; a wrapper's child goes on in its
    // callers, whose calls of it are fork sites of their own.
    if (R.Kind != ProcessRole::Fork || !R.hasSiteCall() || R.Wrapped ||
        !R.Tested)
      continue;
    if (!Buffers)
      Buffers.emplace(A);
    if (std::optional<Finding> F = unflushedFinding(A, *Buffers, R))
      Out.push_back(std::move(*F));
  }
}

} // namespace forksafe
