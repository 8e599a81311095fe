//===- PreferPosixSpawnCheck.cpp - A fork that posix_spawn can replace ----===//
//
// docs/semantics.md, "Forks that posix_spawn can replace": at a fork whose
// child only does what posix_spawn's file actions and attributes express
// (SpawnApis.def), then execs, and after a failed exec only reports and
// exits. posix_spawn makes the same child without copying the parent or
// running its atfork handlers, and leaves no window in which a child of a
// multithreaded process runs the parent's code. Off by default: the fork is
// not a bug.
//
//===----------------------------------------------------------------------===//

#include "Checks.h"
#include "Evidence.h"

namespace forksafe {

namespace {

/// The exec of R's child when the child only does what posix_spawn can:
/// until the exec, the steps of SpawnApis.def, or a report of a step's
/// failure and an exit. Null otherwise.
const CallSite *spawnableExec(const Analysis &A, const ChildRegion &R) {
  const Function &Fn = A.function(R.Site.Function);
  const CallSite *Exec = nullptr;
  bool Expressible = true;
  walkChildPaths(
      Fn, R, R.SitePlace,
      [&](uint32_t, uint32_t, const Event &E) {
        if (E.K != Event::Call) {
          Expressible = false;
          return false;
        }
        const CallSite &C = Fn.Calls[E.Index];
        const Function *Callee =
            C.Callee == InvalidIndex ? nullptr : &A.function(C.Callee);
        if (!Callee || !Callee->IsCLibrary) {
          Expressible = false;
          return false;
        }
        if (spawnExec(Callee->LookupName)) {
          Exec = Exec ? Exec : &C;
          return false;
        }
        // A failed step ends the child, as it fails the spawn.
        if (isSpawnFailure(Callee->LookupName))
          return false;
        Expressible &= spawnStep(Callee->LookupName).has_value();
        return Expressible;
      },
      [&](SourcePos, EscapeKind, uint32_t) { Expressible = false; });
  return Expressible ? Exec : nullptr;
}

/// Whether, after the exec at Exec fails, R's child only reports it and
/// exits.
bool failsQuietly(const Analysis &A, const ChildRegion &R) {
  const Function &Fn = A.function(R.Site.Function);
  bool Quiet = true;
  A.forEachChildEvent(R, [&](uint32_t, uint32_t, const Event &E) {
    if (E.K != Event::Call)
      return;
    const CallSite &C = Fn.Calls[E.Index];
    const Function *Callee =
        C.Callee == InvalidIndex ? nullptr : &A.function(C.Callee);
    Quiet &= Callee && Callee->IsCLibrary &&
             (spawnExec(Callee->LookupName) || spawnStep(Callee->LookupName) ||
              isSpawnFailure(Callee->LookupName));
  });
  return Quiet;
}

} // namespace

void checkPreferPosixSpawn(const Analysis &A, std::vector<Finding> &Out) {
  for (const ChildRegion &R : A.forkSites()) {
    if ((R.Kind != ProcessRole::Fork && R.Kind != ProcessRole::Vfork) ||
        R.Site.Call == InvalidIndex || R.Wrapped || !R.checkedAsBounded())
      continue;
    // fork() and vfork() themselves: a project's fork wrapper may do more.
    const CallSite &Fork = A.call(R.Site);
    if (Fork.Callee == InvalidIndex || !A.function(Fork.Callee).IsCLibrary)
      continue;
    const CallSite *Exec = spawnableExec(A, R);
    if (!Exec || !failsQuietly(A, R))
      continue;
    std::optional<SpawnExec> Form =
        spawnExec(A.function(Exec->Callee).LookupName);
    Finding F{CheckId::PreferPosixSpawn,
              Fork.Pos,
              "the child of '" + forkName(A, R) +
                  "' only prepares and runs a new program: '" +
                  Form->Spawn.str() +
                  "' does the same without copying the process or running "
                  "its atfork handlers",
              {},
              {}};
    Evidence E(A, F);
    E.note(Exec->Pos, "the child runs the new program here");
    llvm::append_range(F.Fixes,
                       A.function(R.Site.Function).spawnRewriteOf(R.Site.Call));
    Out.push_back(std::move(F));
  }
}

} // namespace forksafe
