//===- Knowledge.cpp - Lookups into the knowledge tables ------------------===//

#include "Knowledge.h"
#include "model/Model.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"

using namespace llvm;

namespace forksafe {

std::string canonicalLibraryName(StringRef Name) {
  Name.consume_front("__builtin_");
  // Fortified variants: __memcpy_chk, __printf_chk.
  if (Name.starts_with("__") && Name.ends_with("_chk"))
    Name = Name.drop_front(2).drop_back(4);
  return Name.str();
}

namespace {

template <typename T> using Table = StringMap<T>;

const Table<ProcessRole> &processRoles() {
  static const Table<ProcessRole> Roles = [] {
    Table<ProcessRole> T;
#define FORKSAFE_PROCESS_API(Name, Role) T[#Name] = ProcessRole::Role;
#include "ProcessApis.def"
    return T;
  }();
  return Roles;
}

struct ThreadTables {
  Table<ThreadStartApi> Starts;
  Table<int32_t> Joins;
  Table<ThreadJoinEachApi> JoinEach;
  Table<int32_t> Detaches;
  StringSet<> HandleTypes;
};

const ThreadTables &threadTables() {
  static const ThreadTables Tables = [] {
    ThreadTables T;
#define FORKSAFE_THREAD_START(Name, RoutineSlot, HandleSlot, AttrSlot,         \
                              JoinCall)                                        \
  T.Starts[#Name] = ThreadStartApi{RoutineSlot, HandleSlot, AttrSlot, JoinCall};
#define FORKSAFE_THREAD_JOIN(Name, HandleSlot) T.Joins[#Name] = HandleSlot;
#define FORKSAFE_THREAD_JOIN_EACH(Name, RangeSlot, CallbackSlot)               \
  T.JoinEach[#Name] = ThreadJoinEachApi{RangeSlot, CallbackSlot};
#define FORKSAFE_THREAD_DETACH(Name, HandleSlot) T.Detaches[#Name] = HandleSlot;
#define FORKSAFE_THREAD_HANDLE_TYPE(Name) T.HandleTypes.insert(#Name);
#include "ThreadApis.def"
    return T;
  }();
  return Tables;
}

const Table<ThreadSourceApi> &threadSources() {
  static const Table<ThreadSourceApi> Sources = [] {
    Table<ThreadSourceApi> T;
    // A row names a function, or in quotes an OpenMP pseudo-function.
#define FORKSAFE_THREAD_SOURCE(Name, Condition, Slot, What)                    \
  T[StringRef(#Name).trim('"')] =                                              \
      ThreadSourceApi{ThreadSourceApi::Condition, Slot, What};
#include "ThreadSources.def"
    return T;
  }();
  return Sources;
}

struct OutputTables {
  Table<OutputApi> Apis;
  Table<int> Streams;
};

const OutputTables &outputTables() {
  static const OutputTables Tables = [] {
    OutputTables T;
#define FORKSAFE_OUTPUT_API(Name, TextArg, StreamArg, AppendsNewline, IsFormat) \
  T.Apis[#Name] = OutputApi{TextArg, StreamArg, AppendsNewline, IsFormat};
#define FORKSAFE_STANDARD_STREAM(Name, Fd) T.Streams[#Name] = Fd;
#include "OutputApis.def"
    return T;
  }();
  return Tables;
}

struct StdioTables {
  Table<StdioApi> Apis;
  llvm::StringSet<> Unbuffered;
};

const StdioTables &stdioTables() {
  static const StdioTables Tables = [] {
    StdioTables T;
    // The table's names for the slots that are not arguments.
    constexpr int32_t StandardOutput = StdioApi::StandardOutput;
    constexpr int32_t EveryStream = StdioApi::EveryStream;
#define FORKSAFE_STDIO_API(Name, StreamArg, Effect)                            \
  T.Apis[#Name] = StdioApi{StreamArg, StdioEffect::Effect};
#define FORKSAFE_UNBUFFERED_STREAM(Name) T.Unbuffered.insert(#Name);
#include "StdioApis.def"
    return T;
  }();
  return Tables;
}

const Table<LockApi> &lockTable() {
  static const Table<LockApi> Locks = [] {
    Table<LockApi> T;
#define FORKSAFE_LOCK_API(Name, Slot, Effect)                                  \
  T[#Name] = LockApi{Slot, LockEffect::Effect};
#include "LockApis.def"
    return T;
  }();
  return Locks;
}

struct SignalTables {
  Table<SignalApi> Apis;
  Table<SignalConstant> Constants;
  Table<StringRef> Consequences;
};

const SignalTables &signalTables() {
  static const SignalTables Tables = [] {
    SignalTables T;
#define FORKSAFE_SIGNAL_DISPOSITION(Name, SignalSlot, HandlerSlot, Field)      \
  T.Apis[#Name] =                                                              \
      SignalApi{SignalApi::Disposition, SignalSlot, HandlerSlot, Field};
#define FORKSAFE_SIGNAL_MASK(Name, HowSlot, SetSlot)                           \
  T.Apis[#Name] = SignalApi{SignalApi::Mask, SetSlot, HowSlot, ""};
#define FORKSAFE_SIGNAL_CONSTANT(Name, Meaning)                                \
  T.Constants[#Name] = SignalConstant::Meaning;
#define FORKSAFE_INHERITED_SIGNAL(Name, Consequence)                           \
  T.Constants[#Name] = SignalConstant::Signal;                                 \
  T.Consequences[#Name] = Consequence;
#include "SignalApis.def"
    return T;
  }();
  return Tables;
}

struct DescriptorTables {
  Table<DescriptorApi> Apis;
  Table<CloexecMark> Marks;
  Table<int32_t> DescriptorOf;
  Table<int32_t> Closes;
  Table<std::pair<int32_t, StringRef>> Atomic;
  StringSet<> RunsProgram;
};

const DescriptorTables &descriptorTables() {
  static const DescriptorTables Tables = [] {
    DescriptorTables T;
#define FORKSAFE_DESCRIPTOR_API(Name, ResultSlot, FlagSlot, Flag, Fix,         \
                                Variant, FixSlot, Added)                       \
  T.Apis[#Name] = DescriptorApi{ResultSlot, FlagSlot, Flag, CloexecFix::Fix,   \
                                Variant,    FixSlot,  Added};
#define FORKSAFE_CLOEXEC_MARK(Name, FdSlot, CommandSlot, Command, FlagSlot,    \
                              Flag)                                            \
  T.Marks[#Name] = CloexecMark{FdSlot, CommandSlot, Command, FlagSlot, Flag};
#define FORKSAFE_ATOMIC_CLOEXEC(Name, Slot, Constant)                          \
  T.Atomic[#Name] = {Slot, Constant};
#define FORKSAFE_CLOSE(Name, Slot) T.Closes[#Name] = Slot;
#define FORKSAFE_RUNS_PROGRAM(Name) T.RunsProgram.insert(#Name);
#define FORKSAFE_DESCRIPTOR_OF(Name, Slot) T.DescriptorOf[#Name] = Slot;
#include "DescriptorApis.def"
    return T;
  }();
  return Tables;
}

struct SpawnTables {
  Table<SpawnExec> Execs;
  Table<SpawnStep> Steps;
  StringSet<> Failures;
};

const SpawnTables &spawnTables() {
  static const SpawnTables Tables = [] {
    SpawnTables T;
#define FORKSAFE_SPAWN_EXEC(Name, Spawn, TakesList, TakesEnv)                  \
  T.Execs[#Name] = SpawnExec{Spawn, TakesList, TakesEnv};
#define FORKSAFE_SPAWN_STEP(Name, Step) T.Steps[#Name] = SpawnStep::Step;
#define FORKSAFE_SPAWN_FAILURE(Name) T.Failures.insert(#Name);
#include "SpawnApis.def"
    return T;
  }();
  return Tables;
}

/// Where a function of AsyncSignalSafe.def is safe.
enum class SafeUnder : uint8_t { Posix, Glibc, GlibcFork };

const Table<SafeUnder> &asyncSignalSafe() {
  static const Table<SafeUnder> Safe = [] {
    Table<SafeUnder> T;
#define FORKSAFE_AS_SAFE(Name, Where) T[#Name] = SafeUnder::Where;
#include "AsyncSignalSafe.def"
    return T;
  }();
  return Safe;
}

const Table<Hazard> &hazards() {
  static const Table<Hazard> Classes = [] {
    Table<Hazard> T;
#define FORKSAFE_HAZARD(Name, Class, Reason) T[#Name] = Hazard::Class;
#include "Hazards.def"
    return T;
  }();
  return Classes;
}

const StringSet<> &rawForks() {
  static const StringSet<> Names = [] {
    StringSet<> T;
#define FORKSAFE_PROCESS_API(Name, Role)
#define FORKSAFE_RAW_FORK(Name) T.insert(#Name);
#include "ProcessApis.def"
    return T;
  }();
  return Names;
}

template <typename T>
std::optional<T> lookup(const Table<T> &Tab, StringRef Key) {
  auto It = Tab.find(Key);
  if (It == Tab.end())
    return std::nullopt;
  return It->second;
}

/// The re-init table, each row's creators and uses gathered under it.
std::vector<ReinitApi> reinitTable() {
  std::vector<ReinitApi> Rows;
  auto Row = [&](StringRef Type) -> ReinitApi & {
    return *llvm::find_if(Rows, [&](const ReinitApi &R) { return R.Type == Type; });
  };
#define FORKSAFE_REINIT(Type, What, Reinit, Advice)                            \
  Rows.push_back({Type, What, Reinit, Advice, {}, {}, {}});
#define FORKSAFE_REINIT_CREATE(Type, Function, Slot)                           \
  Row(Type).Creators.push_back({Function, Slot});
#define FORKSAFE_REINIT_USE(Type, Pattern) Row(Type).Uses.push_back(Pattern);
#define FORKSAFE_REINIT_NOT_USE(Type, Function)                                \
  Row(Type).NotUses.push_back(Function);
#include "Reinit.def"
  return Rows;
}

struct HandlerTables {
  Table<SmallVector<HandlerSlot, 1>> Registrations;
  StringSet<> ForksInside;
  StringSet<> AtforkProtocol;
};

const HandlerTables &handlerTables() {
  static const HandlerTables Tables = [] {
    HandlerTables T;
#define FORKSAFE_HANDLER_API(Name, Slot, Kind)                                 \
  T.Registrations[#Name].push_back({Slot, HandlerKind::Kind, ""});
#define FORKSAFE_HANDLER_RECORD(Name, Slot, Kind, Field)                       \
  T.Registrations[#Name].push_back({Slot, HandlerKind::Kind, #Field});
#define FORKSAFE_FORKS_INSIDE(Name) T.ForksInside.insert(#Name);
#define FORKSAFE_ATFORK_PROTOCOL(Name) T.AtforkProtocol.insert(#Name);
#include "Handlers.def"
    return T;
  }();
  return Tables;
}

} // namespace

ArrayRef<HandlerSlot> handlerSlots(StringRef LookupName) {
  const auto &Registrations = handlerTables().Registrations;
  auto It = Registrations.find(LookupName);
  return It == Registrations.end() ? ArrayRef<HandlerSlot>() : It->second;
}

bool forksInside(StringRef LookupName) {
  return handlerTables().ForksInside.contains(LookupName);
}

bool isAtforkProtocol(StringRef LookupName) {
  return handlerTables().AtforkProtocol.contains(LookupName);
}

std::optional<OutputApi> outputApi(StringRef LookupName) {
  return lookup(outputTables().Apis, LookupName);
}

std::optional<int> standardStreamFd(StringRef VariableName) {
  return lookup(outputTables().Streams, VariableName);
}

std::optional<StdioApi> stdioApi(StringRef LookupName) {
  return lookup(stdioTables().Apis, canonicalLibraryName(LookupName));
}

std::optional<LockApi> lockApi(StringRef LookupName) {
  return lookup(lockTable(), LookupName);
}

std::optional<SignalApi> signalApi(StringRef LookupName) {
  return lookup(signalTables().Apis, LookupName);
}

std::optional<SignalConstant> signalConstant(StringRef Name) {
  return lookup(signalTables().Constants, Name);
}

StringRef ignoredSignalConsequence(StringRef Signal) {
  return lookup(signalTables().Consequences, Signal).value_or("");
}

std::optional<DescriptorApi> descriptorApi(StringRef LookupName) {
  return lookup(descriptorTables().Apis, canonicalLibraryName(LookupName));
}

std::optional<CloexecMark> cloexecMark(StringRef LookupName) {
  return lookup(descriptorTables().Marks, canonicalLibraryName(LookupName));
}

std::optional<SpawnExec> spawnExec(StringRef LookupName) {
  return lookup(spawnTables().Execs, LookupName);
}

std::optional<SpawnStep> spawnStep(StringRef LookupName) {
  return lookup(spawnTables().Steps, LookupName);
}

bool isSpawnFailure(StringRef LookupName) {
  return spawnTables().Failures.contains(canonicalLibraryName(LookupName));
}

std::optional<std::pair<int32_t, StringRef>>
atomicCloexec(StringRef LookupName) {
  return lookup(descriptorTables().Atomic, canonicalLibraryName(LookupName));
}

std::optional<int32_t> closedDescriptor(StringRef LookupName) {
  return lookup(descriptorTables().Closes, LookupName);
}

bool runsProgram(StringRef LookupName) {
  return descriptorTables().RunsProgram.contains(LookupName);
}

std::optional<int32_t> descriptorOf(StringRef LookupName) {
  return lookup(descriptorTables().DescriptorOf, LookupName);
}

bool isUnbufferedStream(StringRef VariableName) {
  return stdioTables().Unbuffered.contains(VariableName);
}

StringRef joinFunctionName(StringRef JoinCall) {
  if (JoinCall.starts_with("%s"))
    return "";
  return JoinCall.take_until([](char C) { return C == '('; });
}

Knowledge::Knowledge(const ProjectKnowledge &Project) : Reinits(reinitTable()) {
  for (const std::string &Name : Project.ForkWrappers)
    Roles[Name] = ProcessRole::Fork;
  for (const std::string &Name : Project.ChildEnds)
    Roles[Name] = ProcessRole::ChildExit;
  for (const ThreadStartWrapper &W : Project.ThreadStartWrappers)
    Starts[W.Name] = ThreadStartApi{W.RoutineSlot, W.HandleSlot, NoSlot, ""};
  for (const ChildEntry &Entry : Project.ChildEntries)
    ChildEntries[Entry.Name] = Entry.Multithreaded;
  for (const std::string &Name : Project.ThreadSources)
    Sources[Name] = ThreadSourceApi{ThreadSourceApi::Always, NoSlot, "threads"};
  for (const std::string &Name : Project.SignalSafe)
    DeclaredSafety[Name] = true;
  for (const std::string &Name : Project.Unsafe)
    DeclaredSafety[Name] = false;
  llvm::append_range(Reinits, Project.Reinits);
  // A function is the re-init call, a creator or a use of a row, in that
  // order: the first role it has in a row is its role there.
  auto Add = [&](StringRef Name, ReinitRole Role) {
    SmallVector<ReinitRole, 1> &Known = ReinitByName[Name];
    if (llvm::none_of(Known, [&](const ReinitRole &R) { return R.Api == Role.Api; }))
      Known.push_back(Role);
  };
  for (uint32_t I = 0; I != Reinits.size(); ++I) {
    const ReinitApi &R = Reinits[I];
    if (!R.isProcessWide())
      ReinitTypes.insert(R.Type);
    if (!R.Reinit.empty())
      Add(R.Reinit, {I, ReinitRole::Reinit, R.isProcessWide() ? NoSlot : 0});
    for (const auto &[Creator, Slot] : R.Creators)
      Add(Creator, {I, ReinitRole::Create, Slot});
    for (StringRef Pattern : R.Uses) {
      if (Pattern.consume_back("*"))
        ReinitPrefixes.push_back({Pattern.str(), I});
      else
        Add(Pattern, {I, ReinitRole::Use, NoSlot});
    }
    for (StringRef Name : R.NotUses)
      ReinitNotUses[Name].push_back(I);
  }
  collectLeadingNames();
}

ProcessRole Knowledge::processRole(StringRef LookupName) const {
  if (std::optional<ProcessRole> Mine = lookup(Roles, LookupName))
    return *Mine;
  return lookup(processRoles(), LookupName).value_or(ProcessRole::None);
}

std::optional<ThreadStartApi>
Knowledge::threadStartApi(StringRef LookupName) const {
  if (std::optional<ThreadStartApi> Mine = lookup(Starts, LookupName))
    return Mine;
  return lookup(threadTables().Starts, LookupName);
}

namespace {
struct ExitSyscall {
  StringRef Function, Arch;
  int64_t Number;
  StringRef Equivalent;
};
const ExitSyscall ExitSyscalls[] = {
#define FORKSAFE_EXIT_SYSCALL(Function, Arch, Number, Equivalent)             \
  {#Function, #Arch, Number, #Equivalent},
#include "Syscalls.def"
};
} // namespace

bool Knowledge::makesRawSyscalls(StringRef LookupName) const {
  return llvm::any_of(ExitSyscalls, [&](const ExitSyscall &Row) {
    return Row.Function == LookupName;
  });
}

StringRef Knowledge::syscallEquivalent(StringRef LookupName, StringRef Arch,
                                       int64_t Number) const {
  for (const ExitSyscall &Row : ExitSyscalls)
    if (Row.Function == LookupName && Row.Arch == Arch && Row.Number == Number)
      return Row.Equivalent;
  return "";
}

void Knowledge::collectLeadingNames() {
  auto Forks = [](ProcessRole R) {
    return R == ProcessRole::Fork || R == ProcessRole::Vfork ||
           R == ProcessRole::Daemon;
  };
  // A project's role stands over the table's.
  for (const auto &Row : processRoles())
    if (Forks(processRole(Row.first())))
      Leading.insert(Row.first());
  for (const auto &Row : Roles)
    if (Forks(Row.second))
      Leading.insert(Row.first());
  for (const auto &Row : ChildEntries)
    Leading.insert(Row.first());
  for (const auto &Row : handlerTables().Registrations)
    if (llvm::any_of(Row.second, [](const HandlerSlot &S) {
          return S.Kind == HandlerKind::AtforkChild;
        }))
      Leading.insert(Row.first());
  for (const auto &Row : handlerTables().ForksInside)
    Leading.insert(Row.first());
  for (const auto &Row : descriptorTables().RunsProgram)
    Leading.insert(Row.first());
  for (const auto &Row : descriptorTables().Marks)
    Leading.insert(Row.first());
  // A raw system call function leads if a call it makes does.
  for (bool Grew = true; Grew;) {
    Grew = false;
    for (const ExitSyscall &Row : ExitSyscalls)
      if (mayLeadToFindings(Row.Equivalent))
        Grew |= Leading.insert(Row.Function).second;
  }
}

bool Knowledge::mayLeadToFindings(StringRef LookupName) const {
  return Leading.contains(LookupName) ||
         Leading.contains(canonicalLibraryName(LookupName));
}

bool Knowledge::actsProgramWide(StringRef LookupName) const {
  std::optional<StdioApi> Stdio = stdioApi(LookupName);
  return (Stdio && Stdio->Effect == StdioEffect::Unbuffer) ||
         threadStartApi(LookupName) || !handlerSlots(LookupName).empty();
}

std::optional<bool> Knowledge::childEntry(StringRef LookupName) const {
  return lookup(ChildEntries, LookupName);
}

std::optional<int32_t> Knowledge::threadJoinSlot(StringRef LookupName) const {
  return lookup(threadTables().Joins, LookupName);
}

std::optional<ThreadJoinEachApi>
Knowledge::threadJoinEach(StringRef LookupName) const {
  return lookup(threadTables().JoinEach, LookupName);
}

std::optional<int32_t> Knowledge::threadDetachSlot(StringRef LookupName) const {
  return lookup(threadTables().Detaches, LookupName);
}

std::optional<ThreadSourceApi>
Knowledge::threadSource(StringRef LookupName) const {
  if (std::optional<ThreadSourceApi> Mine = lookup(Sources, LookupName))
    return Mine;
  return lookup(threadSources(), LookupName);
}

bool Knowledge::isHandleType(StringRef TypeName) const {
  return threadTables().HandleTypes.contains(TypeName) ||
         ReinitTypes.contains(TypeName);
}

std::optional<bool> Knowledge::declaredSignalSafe(StringRef LookupName) const {
  return lookup(DeclaredSafety, LookupName);
}

bool Knowledge::isAsyncSignalSafe(StringRef LookupName, Profile P,
                                  ForkFlavor Flavor) const {
  if (std::optional<bool> Declared = declaredSignalSafe(LookupName))
    return *Declared;
  std::optional<SafeUnder> Where =
      lookup(asyncSignalSafe(), canonicalLibraryName(LookupName));
  if (!Where)
    return false;
  switch (*Where) {
  case SafeUnder::Posix:
    return true;
  case SafeUnder::Glibc:
    return P == Profile::Glibc;
  case SafeUnder::GlibcFork:
    return P == Profile::Glibc && Flavor == ForkFlavor::Fork;
  }
  return false;
}

Hazard Knowledge::hazardOf(StringRef LookupName) const {
  if (std::optional<bool> Declared = declaredSignalSafe(LookupName))
    return *Declared ? Hazard::None : Hazard::LockOrHeap;
  return lookup(hazards(), canonicalLibraryName(LookupName))
      .value_or(Hazard::Unclassified);
}

bool Knowledge::isRawFork(StringRef LookupName) const {
  return rawForks().contains(LookupName);
}

bool Knowledge::isKnownLibraryFunction(StringRef LookupName) const {
  return isAsyncSignalSafe(LookupName, Profile::Glibc) ||
         declaredSignalSafe(LookupName) ||
         processRole(LookupName) != ProcessRole::None ||
         threadStartApi(LookupName) || threadJoinSlot(LookupName) ||
         threadJoinEach(LookupName) ||
         threadDetachSlot(LookupName) || threadSource(LookupName) ||
         outputApi(LookupName);
}

SmallVector<ReinitRole, 2> Knowledge::reinitRoles(StringRef LookupName) const {
  SmallVector<ReinitRole, 2> Roles;
  auto Exact = ReinitByName.find(LookupName);
  if (Exact != ReinitByName.end())
    Roles.assign(Exact->second.begin(), Exact->second.end());
  auto NotUse = ReinitNotUses.find(LookupName);
  for (const auto &[Prefix, Api] : ReinitPrefixes)
    if (LookupName.starts_with(Prefix) &&
        llvm::none_of(Roles, [&](const ReinitRole &R) { return R.Api == Api; }) &&
        (NotUse == ReinitNotUses.end() ||
         !llvm::is_contained(NotUse->second, Api)))
      Roles.push_back({Api, ReinitRole::Use, NoSlot});
  return Roles;
}

std::vector<std::string> Knowledge::fixItFunctions() const {
  std::vector<std::string> Names{"_exit", "write", "fflush"};
  auto Add = [&](StringRef Name) {
    if (!Name.empty() && !llvm::is_contained(Names, Name))
      Names.push_back(Name.str());
  };
  for (const auto &Start : threadTables().Starts)
    Add(joinFunctionName(Start.second.JoinCall));
  for (const ReinitApi &R : Reinits)
    Add(R.Reinit);
  for (const auto &Api : descriptorTables().Apis)
    Add(Api.second.Variant);
  for (const auto &Exec : spawnTables().Execs)
    Add(Exec.second.Spawn);
  Add("posix_spawn_file_actions_addchdir_np");
  Add("posix_spawn_file_actions_addfchdir_np");
  return Names;
}

} // namespace forksafe
