//===- Knowledge.h - What forksafe knows about library functions -*- C++ -*-===//
//
// Lookups into the tables in this directory, and into what a project adds
// to them in its .forksafe.yaml (ProjectKnowledge). The tables are the only
// place that names library functions; code asks a Knowledge instead. The
// extractor and the analysis are each handed the same one.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_CHECKS_KNOWLEDGE_KNOWLEDGE_H
#define FORKSAFE_CHECKS_KNOWLEDGE_KNOWLEDGE_H

#include "model/Model.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace forksafe {

/// The list of async-signal-safe functions a child may call. Auto, the
/// default, is an option's value only: the analysis runs with Glibc when
/// every translation unit targets GNU/Linux (*-linux-gnu*), else with Posix
/// (effectiveProfile).
enum class Profile : uint8_t { Posix, Glibc, Auto };

/// The kind of fork whose child runs a call. glibc's fork() resets the
/// allocator's locks in the child; _Fork() runs no atfork handler, so it
/// does not.
enum class ForkFlavor : uint8_t { Fork, RawFork };
constexpr unsigned NumForkFlavors = 2;

/// How much harm a function that is not async-signal-safe does in the
/// child of a multithreaded process (Hazards.def), least first.
enum class Hazard : uint8_t {
  None,         ///< async-signal-safe
  NoLock,       ///< unsafe by the standard; takes no lock, allocates nothing
  Unclassified, ///< not in the table: it may do either
  LockOrHeap,   ///< takes a lock or allocates: it can hang the child
};

enum class ProcessRole : uint8_t {
  None,
  Fork,
  Vfork,
  Daemon,
  Exec,
  ChildExit, ///< _exit, _Exit
  Abort,
  Exit,      ///< exit: runs atexit handlers and flushes stdio
  CallsExit, ///< a library function that calls exit (err, error)
  /// A function a host runs in a child it forked (the project's
  /// ChildEntries): its body is a child region. No table names one.
  ChildEntry,
};

struct ThreadStartApi {
  int32_t RoutineSlot;
  int32_t HandleSlot;
  int32_t AttrSlot;
  /// The statement that joins a handle; "%s" stands for the handle. Empty
  /// when no join is known (a project's thread-start wrapper).
  llvm::StringRef JoinCall;
};

/// A function that calls a callback on each element of a container of
/// threads (std::for_each): a join of them all when the callback always
/// joins its argument.
struct ThreadJoinEachApi {
  /// The iterator that begins the container's range.
  int32_t RangeSlot;
  int32_t CallbackSlot;
};

struct OutputApi {
  int32_t TextArg;
  int32_t StreamArg; ///< -1: standard output
  bool AppendsNewline;
  bool IsFormat;
};

/// What a stdio call does to a stream's buffer (StdioApis.def).
enum class StdioEffect : uint8_t { Write, Flush, Close, Unbuffer, Discard };

struct StdioApi {
  /// The FILE * argument, or one of the slots below.
  int32_t StreamArg;
  StdioEffect Effect;

  static constexpr int32_t StandardOutput = -1;
  static constexpr int32_t EveryStream = -2;
};

/// What a call does to the lock it names (LockApis.def).
enum class LockEffect : uint8_t { Acquire, Release };

struct LockApi {
  /// The argument that names the lock.
  int32_t Slot;
  LockEffect Effect;
};

/// A call that sets the signal state a child keeps across exec
/// (SignalApis.def).
struct SignalApi {
  enum Kind : uint8_t { Disposition, Mask };
  Kind K;
  /// The signal (Disposition), or the set of signals (Mask).
  int32_t SignalSlot;
  /// The handler (Disposition) or how the mask changes (Mask).
  int32_t ValueSlot;
  /// The field of the record at ValueSlot that holds the handler.
  llvm::StringRef HandlerField;
};

/// What a constant the plugin records by name means (SignalApis.def).
enum class SignalConstant : uint8_t {
  Ignore,
  Default,
  Block,
  Unblock,
  SetMask,
  Signal,
};

/// How a fix-it makes the descriptors of a call close-on-exec
/// (DescriptorApis.def).
enum class CloexecFix : uint8_t {
  AddFlag,
  AddModeLetter,
  InsertArgument,
  ReplaceArguments,
};

/// A call that makes descriptors (DescriptorApis.def).
struct DescriptorApi {
  /// Where they land: ResultSlot, or the array argument at this slot.
  int32_t ResultSlot;
  /// The argument that can make them close-on-exec with Flag, or NoSlot.
  int32_t FlagSlot;
  llvm::StringRef Flag;
  CloexecFix Fix;
  /// The function the fix-it calls instead, or "".
  llvm::StringRef Variant;
  int32_t FixSlot;
  /// The text the fix-it adds.
  llvm::StringRef Added;
};

/// A call that makes a descriptor close-on-exec (DescriptorApis.def).
struct CloexecMark {
  int32_t FdSlot;
  int32_t CommandSlot;
  llvm::StringRef Command;
  /// The argument that must include Flag, or NoSlot.
  int32_t FlagSlot;
  llvm::StringRef Flag;
};

/// An exec and the posix_spawn function that does the same (SpawnApis.def).
struct SpawnExec {
  llvm::StringRef Spawn;
  bool TakesList;
  bool TakesEnv;
};

/// What posix_spawn does for a call a child makes before its exec
/// (SpawnApis.def).
enum class SpawnStep : uint8_t {
  Dup2,
  Close,
  Open,
  Chdir,
  Fchdir,
  Setsid,
  Setpgid,
  SignalMask,
  SignalDefault,
};

/// What a function registered with the C library runs as (Handlers.def).
enum class HandlerKind : uint8_t {
  Exit,          ///< atexit, on_exit: by exit() and a return from main
  AtforkPrepare, ///< pthread_atfork: before every fork
  AtforkParent,  ///< ... in the parent after it
  AtforkChild,   ///< ... in the child after it
  Signal,        ///< signal(): when the signal arrives
};

/// An argument of a call that registers a handler.
struct HandlerSlot {
  int32_t Slot;
  HandlerKind Kind;
  /// The field of the record the argument points to that holds the
  /// handler (sigaction's sa_handler); empty when the argument is the
  /// handler.
  llvm::StringRef Field;
};

/// A library call after which threads of the library's own may run
/// (ThreadSources.def).
struct ThreadSourceApi {
  enum Condition : uint8_t {
    Always,
    /// Only when the argument at Slot is not a null pointer constant.
    WithCallback,
    /// Only when the argument at Slot is a struct sigevent whose sigev_notify
    /// is SIGEV_THREAD (ArgInfo::NotifiesByThread).
    SigevThread,
  };
  Condition When = Always;
  int32_t Slot = NoSlot;
  /// What it leaves running: "pool threads".
  llvm::StringRef What;
};

/// When a thread source leaves its threads running, as the analysis keeps
/// it for every function: small, in what would be padding.
struct ThreadSourceCondition {
  ThreadSourceApi::Condition When = ThreadSourceApi::Always;
  /// An argument slot; slots are small (a thread source's argument, or
  /// NoSlot).
  int8_t Slot = NoSlot;
};

/// The pseudo-functions the extractor lowers OpenMP's thread-creating
/// directives to, as the tables know them.
constexpr llvm::StringLiteral OmpParallelSource = "#pragma omp parallel";
constexpr llvm::StringLiteral OmpTeamsSource = "#pragma omp teams";

/// A kind of library handle that a forked child must re-initialise before
/// it uses it, or must not use at all (Reinit.def).
struct ReinitApi {
  /// The handle's type name (a struct's tag or a typedef's name); empty for
  /// state that is the process's own, which every use touches.
  std::string Type;
  /// The handle, for messages: "libevent event base".
  std::string What;
  /// The re-init call, taking the handle first; empty when there is none.
  std::string Reinit;
  /// What to do instead, when there is no re-init call.
  std::string Advice;
  /// Functions that make a fresh handle, and the slot it lands in.
  std::vector<std::pair<std::string, int32_t>> Creators;
  /// Functions that use a handle they take: names, or prefixes and '*'.
  std::vector<std::string> Uses;
  /// Functions a prefix of Uses names that do not use it.
  std::vector<std::string> NotUses;

  bool isProcessWide() const { return Type.empty(); }
};

/// What a function is to a kind of handle of the re-init table.
struct ReinitRole {
  enum Kind : uint8_t { Create, Reinit, Use };
  /// Index into Knowledge::reinitApis().
  uint32_t Api;
  Kind K;
  /// The handle's slot for Create and Reinit (NoSlot for process-wide
  /// state); any argument of the handle's type for Use.
  int32_t Slot;
};

/// A function that starts a thread, whose body forksafe cannot see.
struct ThreadStartWrapper {
  std::string Name;
  /// The argument that is the thread's start routine, from 0.
  int32_t RoutineSlot = 0;
  /// The argument that receives the thread's handle, or NoSlot.
  int32_t HandleSlot = NoSlot;
};

/// A function that a host (a server that forks its workers, a plugin
/// loader) calls in a child it forked.
struct ChildEntry {
  std::string Name;
  /// The host's process has other threads when it forks.
  bool Multithreaded = false;
};

/// What a project tells forksafe of its own functions (.forksafe.yaml).
struct ProjectKnowledge {
  std::vector<ThreadStartWrapper> ThreadStartWrappers;
  /// Functions that return like fork(): 0 in the child.
  std::vector<std::string> ForkWrappers;
  /// Functions to take as async-signal-safe, or as not, whatever their
  /// bodies or the tables say.
  std::vector<std::string> SignalSafe;
  std::vector<std::string> Unsafe;
  /// Functions that end a child as _exit does.
  std::vector<std::string> ChildEnds;
  std::vector<ReinitApi> Reinits;
  std::vector<ChildEntry> ChildEntries;
  /// Functions that may return with threads of their own still running,
  /// whose bodies forksafe cannot see (a metrics library's init).
  std::vector<std::string> ThreadSources;

  bool empty() const {
    return ThreadStartWrappers.empty() && ForkWrappers.empty() &&
           SignalSafe.empty() && Unsafe.empty() && ChildEnds.empty() &&
           Reinits.empty() && ChildEntries.empty() && ThreadSources.empty();
  }
};

/// The name under which the tables know a library function, with compiler
/// spellings removed: __builtin_memcpy, __memcpy_chk -> memcpy.
std::string canonicalLibraryName(llvm::StringRef Name);

std::optional<OutputApi> outputApi(llvm::StringRef LookupName);
/// The handlers a call of the function registers, by argument.
llvm::ArrayRef<HandlerSlot> handlerSlots(llvm::StringRef LookupName);
/// Whether the library function forks a child of its own (system, popen).
bool forksInside(llvm::StringRef LookupName);
/// Whether an atfork child handler may call the function: it unlocks or
/// re-initialises a lock (Handlers.def).
bool isAtforkProtocol(llvm::StringRef LookupName);
std::optional<int> standardStreamFd(llvm::StringRef VariableName);
/// What the stdio function does to a stream's buffer, fortified spellings
/// (__fprintf_chk) included.
std::optional<StdioApi> stdioApi(llvm::StringRef LookupName);
/// What the function does to the lock at its argument, if it is one of
/// LockApis.def's.
std::optional<LockApi> lockApi(llvm::StringRef LookupName);
std::optional<SignalApi> signalApi(llvm::StringRef LookupName);
std::optional<SignalConstant> signalConstant(llvm::StringRef Name);
/// What a new program does with the signal ignored; empty for a signal
/// whose inheritance is not reported.
llvm::StringRef ignoredSignalConsequence(llvm::StringRef Signal);
std::optional<DescriptorApi> descriptorApi(llvm::StringRef LookupName);
std::optional<CloexecMark> cloexecMark(llvm::StringRef LookupName);
std::optional<SpawnExec> spawnExec(llvm::StringRef LookupName);
std::optional<SpawnStep> spawnStep(llvm::StringRef LookupName);
/// Whether a child may call the function after its exec failed, to say so
/// or to end (SpawnApis.def).
bool isSpawnFailure(llvm::StringRef LookupName);
/// For a function that makes a close-on-exec descriptor at once when given
/// a constant: the argument and the constant (F_DUPFD_CLOEXEC).
std::optional<std::pair<int32_t, llvm::StringRef>>
atomicCloexec(llvm::StringRef LookupName);
/// For a function that closes a descriptor: the argument that names it.
std::optional<int32_t> closedDescriptor(llvm::StringRef LookupName);
/// Whether the library function runs another program in a child of its
/// own (system, posix_spawn).
bool runsProgram(llvm::StringRef LookupName);
/// For a function that returns the descriptor of its argument (fileno):
/// that argument.
std::optional<int32_t> descriptorOf(llvm::StringRef LookupName);
/// Whether the standard stream (a variable's name) buffers nothing.
bool isUnbufferedStream(llvm::StringRef VariableName);

/// The function a join statement calls ("pthread_join"), or "" for a
/// member call ("%s.join();") or none.
llvm::StringRef joinFunctionName(llvm::StringRef JoinCall);

/// The tables, and a project's additions to them.
class Knowledge {
public:
  explicit Knowledge(const ProjectKnowledge &Project = {});

  ProcessRole processRole(llvm::StringRef LookupName) const;
  std::optional<ThreadStartApi> threadStartApi(llvm::StringRef LookupName) const;
  std::optional<int32_t> threadJoinSlot(llvm::StringRef LookupName) const;
  std::optional<ThreadJoinEachApi>
  threadJoinEach(llvm::StringRef LookupName) const;
  std::optional<int32_t> threadDetachSlot(llvm::StringRef LookupName) const;
  /// Whether the function makes a system call by its number (syscall).
  bool makesRawSyscalls(llvm::StringRef LookupName) const;
  /// The function a call of a raw system call function with the constant
  /// number Number is on the architecture Arch (syscall(SYS_exit, n) is
  /// _exit), or "".
  llvm::StringRef syscallEquivalent(llvm::StringRef LookupName,
                                    llvm::StringRef Arch, int64_t Number) const;
  /// For a function the project says a host runs in a forked child:
  /// whether that host has other threads when it forks.
  std::optional<bool> childEntry(llvm::StringRef LookupName) const;
  /// Whether the function may return with threads of its library's (or
  /// the project's) own still running, and when.
  std::optional<ThreadSourceApi> threadSource(llvm::StringRef LookupName) const;
  /// Types whose objects the extractor follows through calls: thread
  /// handles, and the handles of the re-init table.
  bool isHandleType(llvm::StringRef TypeName) const;

  /// Whether the function may be called in the child of a fork of kind
  /// Flavor under Profile (POSIX.1-2024 XSH 2.4.3, glibc's extensions for
  /// Profile::Glibc, and the project's word).
  bool isAsyncSignalSafe(llvm::StringRef LookupName, Profile P,
                         ForkFlavor Flavor = ForkFlavor::Fork) const;
  /// How much harm the function does in a child when it is not
  /// async-signal-safe: the project's Unsafe functions take a lock or
  /// allocate (it named them for a reason); the table's word; Unclassified
  /// for the rest.
  Hazard hazardOf(llvm::StringRef LookupName) const;
  /// Whether the fork function runs no atfork handler in its child (_Fork).
  bool isRawFork(llvm::StringRef LookupName) const;
  /// The project's word on a function's async-signal-safety, if it gave
  /// one: it stands over the function's body.
  std::optional<bool> declaredSignalSafe(llvm::StringRef LookupName) const;

  /// Whether a call, address or definition of the function may lead a check
  /// to a finding: it forks, runs a program, registers an atfork child
  /// handler or sets close-on-exec, or the project runs it as a child, or
  /// it makes a system call by number that is one of those. Every finding
  /// starts from one of these, so a translation unit without any has none,
  /// and a host need not model it. The compiler's spellings of such a
  /// function (__builtin_fork, __fcntl_chk) are such functions too.
  bool mayLeadToFindings(llvm::StringRef LookupName) const;
  /// Whether a call of the function changes what the checks see in code
  /// its caller does not reach: a stream made unbuffered anywhere is taken
  /// to be unbuffered all along, a thread start makes its routine run on a
  /// thread and a registration its handler a handler, wherever they are.
  bool actsProgramWide(llvm::StringRef LookupName) const;
  /// The names of mayLeadToFindings, as the tables spell them, for a host
  /// that looks the functions up by name rather than judging each function
  /// it meets.
  const llvm::StringSet<> &leadingNames() const { return Leading; }

  /// Whether the tables know the function (as async-signal-safe under some
  /// profile, or in any role): a C library function they describe, whatever
  /// body a header gives it.
  bool isKnownLibraryFunction(llvm::StringRef LookupName) const;

  llvm::ArrayRef<ReinitApi> reinitApis() const { return Reinits; }
  llvm::SmallVector<ReinitRole, 2> reinitRoles(llvm::StringRef LookupName) const;

  /// The functions fix-its may insert calls to; a host records which of them
  /// a translation unit declares (Unit::DeclaredFunctions).
  std::vector<std::string> fixItFunctions() const;

private:
  llvm::StringMap<ProcessRole> Roles;
  llvm::StringMap<ThreadStartApi> Starts;
  llvm::StringMap<ThreadSourceApi> Sources;
  llvm::StringMap<bool> DeclaredSafety;
  llvm::StringMap<bool> ChildEntries;
  std::vector<ReinitApi> Reinits;
  llvm::StringSet<> ReinitTypes;
  /// The roles of the functions the re-init rows name, and the prefixes
  /// of the uses they name by pattern, with their row.
  llvm::StringMap<llvm::SmallVector<ReinitRole, 1>> ReinitByName;
  std::vector<std::pair<std::string, uint32_t>> ReinitPrefixes;
  /// For a function a prefix names, the rows it is no use of.
  llvm::StringMap<llvm::SmallVector<uint32_t, 1>> ReinitNotUses;
  /// The functions that may lead to findings, from the tables and the
  /// project's roles and child entries: the one place that says which.
  llvm::StringSet<> Leading;

  void collectLeadingNames();
};

} // namespace forksafe

#endif // FORKSAFE_CHECKS_KNOWLEDGE_KNOWLEDGE_H
