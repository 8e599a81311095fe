//===- Analysis.h - Everything the checks ask about a program ---*- C++ -*-===//
//
// Runs once per program model: function facts, the multithreaded context
// (docs/semantics.md rules 1-5), and the fork sites with their child regions.
// The checks read from here and never reach past the model.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_CHECKS_ANALYSIS_ANALYSIS_H
#define FORKSAFE_CHECKS_ANALYSIS_ANALYSIS_H

#include "ChildRegion.h"
#include "Facts.h"
#include "Options.h"
#include "model/Model.h"
#include <vector>

namespace forksafe {

/// Why a point of the program may have other threads running.
enum class ContextRule : uint8_t {
  None,
  InThread,        ///< rule 1: reachable from a thread's start routine
  RunningThread,   ///< rules 2 and 3: a thread started, or left running by a
                   ///< call, on some path, and not joined since
  CalledInContext, ///< rule 4: the function is called from such a point
  HostThreads,     ///< a child entry whose host has threads when it forks
  BeforeMain,      ///< rule 3 for the whole program: the initialisation of
                   ///< its objects, before main, leaves a thread running
  Assumed,         ///< rule 5: threads=assume
  LibraryCaller,   ///< rule 5 at a library's entry points, under
                   ///< threads=auto: reached from an exported function
};

struct ContextReason {
  ContextRule Rule = ContextRule::None;
  /// For RunningThread: the thread. For BeforeMain: the thread as the
  /// initialisation (threadsBeforeMain()) sees it.
  RunningThread Thread;

  bool isMultithreaded() const { return Rule != ContextRule::None; }
};

/// A function that a call hands the C library to run later (Handlers.def):
/// `pthread_atfork(0, 0, child_reinit)`, `atexit(remove_pidfile)`.
struct HandlerRegistration {
  HandlerKind Kind;
  FunctionId Handler;
  CallRef At;
};

class Analysis {
public:
  Analysis(const Program &P, const Options &Opts);

  const Program &program() const { return P; }
  const Options &options() const { return Opts; }
  const Knowledge &knowledge() const { return Know; }
  const Function &function(FunctionId F) const { return P.Functions[F]; }
  const CallSite &call(CallRef C) const {
    return P.Functions[C.Function].Calls[C.Call];
  }
  const FunctionFacts &facts(FunctionId F) const { return Facts[F]; }
  /// The callees of each function.
  const CallGraph &callees() const { return Callees; }
  const std::vector<FunctionFacts> &allFacts() const { return Facts; }
  /// F's async-signal-safety in the child of a fork of kind Flavor.
  const SafetyFacts &safety(FunctionId F, ForkFlavor Flavor) const {
    return Safety.at(F, Flavor);
  }
  /// The unsafe functions F reaches there, most hazardous first.
  llvm::ArrayRef<FunctionId> reachedUnsafe(FunctionId F,
                                           ForkFlavor Flavor) const {
    return Safety.reached(F, Flavor);
  }
  const std::vector<ChildRegion> &forkSites() const { return ForkSites; }
  /// The fork sites of function F, and its child entry.
  llvm::ArrayRef<ChildRegion> forkSitesOf(FunctionId F) const;
  /// R's fork result's classes in every block the fork reaches, where the
  /// parent goes alone too (R knows only where the child goes).
  ChildRegion classesEverywhere(const ChildRegion &R) const;
  llvm::ArrayRef<EventPlace> places(FunctionId F) const { return Places[F]; }

  bool neverReturns(const CallSite &C) const {
    return C.DeclaredNoReturn ||
           (C.Callee != InvalidIndex && Facts[C.Callee].NoReturn);
  }
  /// The facts of the callee of C, or null for an indirect call.
  const FunctionFacts *calleeFacts(const CallSite &C) const {
    return C.Callee == InvalidIndex ? nullptr : &Facts[C.Callee];
  }
  /// The name of what C calls, for messages.
  std::string calleeName(const CallSite &C) const;
  /// The name of function F, for messages.
  std::string functionName(FunctionId F) const;

  /// Calls Visit for each event of the child region of R.
  void forEachChildEvent(
      const ChildRegion &R,
      llvm::function_ref<void(uint32_t Block, uint32_t Position, const Event &)>
          Visit) const {
    R.forEachEvent(
        function(R.Site.Function),
        [&](const CallSite &C) { return neverReturns(C); }, Visit);
  }

  /// Whether other threads may run at call Call of F, and why; with Call
  /// InvalidIndex, at the start of F as a child entry.
  ContextReason contextAt(FunctionId F, uint32_t Call) const;

  /// For a function reached from a thread routine: the call it is reached
  /// through (for the routine itself: the thread start), and the thread
  /// start its chain begins with.
  CallRef threadReach(FunctionId F) const { return ThreadVia[F].Via; }
  CallRef threadStartOfChain(FunctionId F) const { return ThreadVia[F].Root; }
  bool isThreadRoutine(FunctionId F) const { return IsRoutine[F]; }
  /// The routine a thread start runs, or InvalidIndex.
  FunctionId routineOf(CallRef Start) const;
  /// For a function called where threads run (rule 4): the call it is
  /// reached through, and the call where a thread runs that begins it.
  CallRef contextReach(FunctionId F) const { return ContextVia[F].Via; }
  CallRef contextSeed(FunctionId F) const { return ContextVia[F].Root; }

  /// The handlers the program registers, in the order of the functions and
  /// calls that register them.
  llvm::ArrayRef<HandlerRegistration> handlers() const { return Handlers; }
  /// The first registration of a handler of kind Kind, if any.
  const HandlerRegistration *firstHandler(HandlerKind Kind) const;

  /// The dynamic initialisation that leaves a thread running before main,
  /// or InvalidIndex.
  FunctionId threadsBeforeMain() const { return BeforeMainInit; }

  /// Whether the program is judged as a library (threads=auto): a whole
  /// program without main, or a unit built as a shared library.
  bool judgedAsLibrary() const { return AsLibrary; }

  /// The last call of the chain of unsafe (or unknown) calls that begins
  /// with call C, in the child of a fork of kind Flavor: a call of a
  /// library function, a throw, or a call through a pointer.
  CallRef culpritCall(CallRef C, ForkFlavor Flavor) const;

  /// The kind of fork whose child R is: RawFork for _Fork(), or for a fork
  /// wrapper all of whose forks are _Fork().
  ForkFlavor forkFlavor(const ChildRegion &R) const;

  /// How a function was reached by a breadth-first walk of calls.
  struct Reach {
    CallRef Via;
    CallRef Root;
  };

private:
  void findThreadRoutines();
  void propagateContext();
  void findForkSites();
  /// Whether C returns only when it fails (an exec, with -1).
  bool onlyFails(const CallSite &C) const;
  void findThreadsBeforeMain();
  void findHandlers();
  /// For library code: the functions its exported functions reach.
  void findLibraryEntryReach();

  const Program &P;
  Options Opts;
  Knowledge Know;
  CallGraph Callees;
  FlatLists<EventPlace> Places;
  SafetyTable Safety;
  std::vector<FunctionFacts> Facts;
  std::vector<Reach> ThreadVia;
  std::vector<char> IsRoutine;
  std::vector<Reach> ContextVia;
  /// Per kind of fork and function, the end of its unsafe chain, filled on
  /// demand.
  mutable std::vector<CallRef> Culprits[NumForkFlavors];
  FunctionId BeforeMainInit = InvalidIndex;
  bool AsLibrary = false;
  std::vector<char> ReachedFromExports;
  std::vector<ChildRegion> ForkSites;
  std::vector<HandlerRegistration> Handlers;
};

} // namespace forksafe

#endif // FORKSAFE_CHECKS_ANALYSIS_ANALYSIS_H
