//===- Facts.h - What the analysis knows about each function ----*- C++ -*-===//
//
// Per-function facts: the role the tables give a library function, and the
// summaries computed bottom-up over the call graph for functions with bodies.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_CHECKS_ANALYSIS_FACTS_H
#define FORKSAFE_CHECKS_ANALYSIS_FACTS_H

#include "CallGraph.h"
#include "ChildRegion.h"
#include "Options.h"
#include "knowledge/Knowledge.h"
#include "model/Model.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include <array>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace forksafe {

enum class Safety : uint8_t { Safe, Unknown, Unsafe };

/// How a function ends a forked child, if all its paths do.
enum class ChildEnd : uint8_t {
  None,
  Exec,      ///< every path execs first; it returns if the exec fails
  Terminate, ///< every path ends in _exit, _Exit or abort
};

/// How a call starts a thread: the routine's argument slot, the handle's.
struct ThreadStartInfo {
  int32_t RoutineSlot = 0;
  int32_t HandleSlot = 0;
  /// The attributes argument, which may make the thread detached.
  int32_t AttrSlot = NoSlot;
  /// For a thread wrapper: whether its start may use attributes (which may
  /// make the thread detached).
  bool MayUseAttributes = false;
  llvm::StringRef JoinCall;
};

/// A thread that may be running at some point of a function.
struct RunningThread {
  /// The call that started it (pthread_create, or a thread wrapper's call).
  CallRef Origin;
  /// The call of the current function that started it or returned with it
  /// running.
  uint32_t Via = InvalidIndex;
  /// How the current function can name its handle.
  HandleKey Key;
  bool Detached = false;

  bool isValid() const { return Origin.isValid(); }
  /// Threads whose handles are the same variable, global or field count as
  /// one: a join ends them together, and a report names the first. Threads
  /// with no known handle are told apart by where they start.
  bool sameThread(const RunningThread &O) const {
    if (Key.isKnown() || O.Key.isKnown())
      return Key.sameObject(O.Key);
    return Origin == O.Origin;
  }
};

/// A thread that is still running when the process exits at Exit.
struct ThreadAtExit {
  RunningThread Thread;
  CallRef Exit;
};

/// A call that may run exit() after a failed exec: Exit runs it after the
/// exec FailedExec of the same function, or (FailedExec invalid) Exit calls
/// a function with exits after execs of its own.
struct ExitAfterExec {
  uint32_t Exit = InvalidIndex;
  uint32_t FailedExec = InvalidIndex;

  bool operator==(const ExitAfterExec &O) const {
    return Exit == O.Exit && FailedExec == O.FailedExec;
  }
};

/// A use of a handle of the re-init table (or of process-wide state) that a
/// function makes, itself or through a call, without making the handle
/// usable first.
struct HandleUse {
  /// Index into Knowledge::reinitApis().
  uint32_t Api = InvalidIndex;
  /// The handle, as the function names it; Unknown for process-wide state.
  HandleKey Key;
  /// The call of the function that uses it, or that calls a function that
  /// does.
  uint32_t Via = InvalidIndex;
};

/// How many unsafe functions a function's facts remember it reaches.
constexpr unsigned MaxReachedUnsafe = 4;

/// A function's async-signal-safety in the child of one kind of fork.
struct SafetyFacts {
  Safety Level = Safety::Safe;
  /// The hazard of the function the witness chain ends in.
  Hazard Harm = Hazard::None;
  /// The call of this function through which Level is reached; invalid when
  /// the function is itself the culprit (a library function).
  uint32_t Witness = InvalidIndex;
  /// The culprits it reaches (library functions, or the project's unsafe
  /// ones), most hazardous first, ties in the order of the calls: an index
  /// into SafetyTable's lists.
  uint32_t Reached = 0;
};

/// Lists of at most MaxReachedUnsafe functions, each kept once: a program
/// has many functions, and most reach the same few culprits.
class ReachedLists {
public:
  using Key = std::array<FunctionId, MaxReachedUnsafe>;

  ReachedLists() { intern({}); }
  uint32_t intern(llvm::ArrayRef<FunctionId> List);
  llvm::ArrayRef<FunctionId> operator[](uint32_t Id) const {
    const Key &K = Lists[Id];
    return llvm::ArrayRef<FunctionId>(K.data(),
                                      llvm::find(K, InvalidIndex) - K.begin());
  }

private:
  std::vector<Key> Lists;
  std::map<Key, uint32_t> Ids;
};

/// The safety facts of every function in the child of each kind of fork.
/// The kinds differ only under profile=glibc (the malloc family), so one
/// table serves both otherwise.
class SafetyTable {
public:
  void init(size_t NumFunctions, bool DistinctFlavors) {
    Tables[0].assign(NumFunctions, SafetyFacts{});
    if (DistinctFlavors)
      Tables[1].assign(NumFunctions, SafetyFacts{});
  }
  unsigned numFlavors() const { return Tables[1].empty() ? 1 : 2; }
  SafetyFacts &at(FunctionId F, ForkFlavor Flavor) {
    return Tables[index(Flavor)][F];
  }
  const SafetyFacts &at(FunctionId F, ForkFlavor Flavor) const {
    return Tables[index(Flavor)][F];
  }
  llvm::ArrayRef<FunctionId> reached(FunctionId F, ForkFlavor Flavor) const {
    return Lists[at(F, Flavor).Reached];
  }

  ReachedLists Lists;

private:
  unsigned index(ForkFlavor Flavor) const {
    return Tables[1].empty() ? 0 : static_cast<unsigned>(Flavor);
  }
  std::vector<SafetyFacts> Tables[NumForkFlavors];
};

/// The facts that few functions have: thread and join APIs and wrappers,
/// fork wrappers, the handles of the re-init table, and the lists of what
/// a function leaves running or exits over. Kept out of FunctionFacts, which
/// a program has one of for each of its functions, and allocated only for
/// the functions that have any.
struct RareFacts {
  std::optional<int32_t> JoinSlot;
  std::optional<int32_t> DetachSlot;
  /// Set for thread-start APIs and for thread wrappers.
  std::optional<ThreadStartInfo> ThreadStart;
  /// What the function is to the handles of the re-init table.
  llvm::SmallVector<ReinitRole, 0> Reinit;
  /// The fork calls whose result a fork wrapper returns.
  llvm::SmallVector<uint32_t, 0> WrappedForks;
  /// Where calling this function may run exit() after a failed exec: each
  /// call of this function that runs exit() after an exec of its own, and
  /// each call of a function that does so.
  llvm::SmallVector<ExitAfterExec, 0> ExitsAfterExec;
  /// The handles the function uses, that a caller can name (parameters,
  /// globals, fields, process-wide state), when it neither creates nor
  /// re-initialises them itself.
  llvm::SmallVector<HandleUse, 0> HandleUses;
  llvm::SmallVector<RunningThread, 0> LeavesRunning;
  llvm::SmallVector<HandleKey, 0> AlwaysJoins;
  llvm::SmallVector<ThreadAtExit, 0> ExitsWithThreads;
  /// For each call: a thread that may be running just before it (MT rules 2
  /// and 3), or an invalid one. Empty when no thread runs in the function.
  std::vector<RunningThread> RunningBeforeCall;
};

struct FunctionFacts {
  // The small fields first, packed: a program has a FunctionFacts for each
  // of its functions.
  ProcessRole Role = ProcessRole::None;
  /// Set for library calls that may leave threads of their own running
  /// (the tables' words for them: Knowledge::threadSource).
  std::optional<ThreadSourceCondition> ThreadSource;
  bool IsThreadWrapper = false;
  /// For std::for_each: the container its range at JoinEachRange begins is
  /// joined when the callback at JoinEachCallback always joins its
  /// argument (-1: not such a function).
  int8_t JoinEachRange = -1;
  int8_t JoinEachCallback = -1;
  bool NoReturn = false;
  ChildEnd EndsChild = ChildEnd::None;
  /// Fork, Vfork or Daemon when the function is a fork wrapper: it returns
  /// the result of the fork calls RareFacts::WrappedForks on paths where it
  /// is 0.
  ProcessRole ForkWrapper = ProcessRole::None;
  /// The project declared its safety (SignalSafe, Unsafe): the body is not
  /// looked at for it. (The safety itself is in the SafetyTable.)
  bool SafetyDeclared = false;
  /// Whether calling the function in a vfork child does more than exec or
  /// _exit: it calls any other function, or writes memory outside its own
  /// frame.
  bool VforkForbidden = false;
  /// The call through which it does; InvalidIndex when it does so itself (a
  /// library function, or the body's Function::OutsideWrite).
  uint32_t VforkWitness = InvalidIndex;
  /// The call of this function through which it may call exit() (an
  /// exit(), a library function that calls it, or a function that does).
  uint32_t ExitWitness = InvalidIndex;
  /// The first call, here or below, that ends the process: exit, _exit,
  /// _Exit or an exec.
  CallRef ExitCall;

  bool hasRare() const { return Rare != nullptr; }
  /// The rare facts; all empty for most functions.
  const RareFacts &rare() const { return Rare ? *Rare : NoRareFacts; }
  /// The rare facts, to set: allocated on first use.
  RareFacts &editRare() {
    if (!Rare)
      Rare = std::make_unique<RareFacts>();
    return *Rare;
  }
  /// Empties one rare fact, before it is recomputed.
  template <typename T> void resetRare(T RareFacts::*Member) {
    if (Rare)
      Rare.get()->*Member = T();
  }

  /// Whether calling this function may run exit().
  bool runsExit() const {
    return Role == ProcessRole::Exit || Role == ProcessRole::CallsExit ||
           ExitWitness != InvalidIndex;
  }

  RunningThread runningBefore(uint32_t Call) const {
    const std::vector<RunningThread> &Running = rare().RunningBeforeCall;
    return Call < Running.size() ? Running[Call] : RunningThread{};
  }

  ProcessRole forkKind() const {
    switch (Role) {
    case ProcessRole::Fork:
    case ProcessRole::Vfork:
    case ProcessRole::Daemon:
      return Role;
    default:
      return ForkWrapper;
    }
  }

private:
  static inline const RareFacts NoRareFacts{};
  std::unique_ptr<RareFacts> Rare;
};

/// Facts that follow from the tables and the declaration alone.
void initDeclarationFacts(const Function &Fn, FunctionId Id, const Options &Opts,
                          const Knowledge &Know, FunctionFacts &F,
                          SafetyTable &Safety);

/// Recomputes the facts of F, which has a body, and its safety, from its
/// callees', over the calls in its Reachable blocks; returns whether what a
/// caller sees of it changed (its culprit lists aside).
bool summarizeFunction(const Program &P, const Knowledge &Know,
                       std::vector<FunctionFacts> &Facts, SafetyTable &Safety,
                       FunctionId F, llvm::ArrayRef<EventPlace> Places,
                       llvm::ArrayRef<char> Reachable);

/// Computes the facts of every function of P, callees before callers, and
/// their safety into Safety.
std::vector<FunctionFacts> computeFacts(const Program &P, const Options &Opts,
                                        const Knowledge &Know,
                                        const CallGraph &Callees,
                                        const FlatLists<EventPlace> &Places,
                                        SafetyTable &Safety);

/// Whether a function of role R ends the process: exit, _exit, an exec.
bool endsProcess(ProcessRole R);

/// The handle that argument Slot of call C names, if any.
HandleKey handleAt(const CallSite &C, int32_t Slot);

/// The way call C starts a thread, if it does.
std::optional<ThreadStartInfo> threadStartOf(const CallSite &C,
                                             const FunctionFacts &Callee);

/// Whether call C of a thread source leaves its library's threads running:
/// always, or as its condition on the arguments says.
bool leavesLibraryThreads(const CallSite &C, const FunctionFacts &Callee);

/// Whether a thread start certainly makes a joinable thread: default
/// attributes, or an API without attributes.
bool startsJoinable(const CallSite &C, const ThreadStartInfo &Start);

/// Whether call C of a function ends the process there (exit, _exit, _Exit,
/// an exec, or a function that never returns and does one of those), and
/// where: the call itself or the callee's exit.
CallRef exitPointOf(CallRef C, const CallSite &Site,
                    const std::vector<FunctionFacts> &Facts);

/// The handle that the callee's key K names, seen from the caller at C.
HandleKey mapHandleToCaller(const HandleKey &K, const CallSite &C);

/// The handles of the re-init table that call C uses: those its callee
/// uses itself, and those the callee's summary says it uses, as the caller
/// names them.
llvm::SmallVector<HandleUse, 2> handleUsesOf(const Program &P,
                                             const Knowledge &Know,
                                             const CallSite &C, uint32_t Call,
                                             const FunctionFacts *Callee);

/// The handles of the re-init table that call C makes usable: created
/// fresh, or re-initialised (Key Unknown for process-wide state).
llvm::SmallVector<HandleUse, 2> handlesReadiedBy(const Knowledge &Know,
                                                 const CallSite &C,
                                                 uint32_t Call,
                                                 const FunctionFacts *Callee);

/// Whether two uses name the same handle of the same kind.
inline bool sameHandle(const HandleUse &L, const HandleUse &R) {
  return L.Api == R.Api && (L.Key.sameObject(R.Key) ||
                            (!L.Key.isKnown() && !R.Key.isKnown()));
}

/// The handles call C joins: a join's argument, and what its callee always
/// joins, as the caller names them.
llvm::SmallVector<HandleKey, 2>
handlesJoinedBy(const CallSite &C, const FunctionFacts *Callee,
                const std::vector<FunctionFacts> &Facts);

} // namespace forksafe

#endif // FORKSAFE_CHECKS_ANALYSIS_FACTS_H
