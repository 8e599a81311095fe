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
#define FORKSAFE_THREAD_DETACH(Name, HandleSlot) T.Detaches[#Name] = HandleSlot;
#define FORKSAFE_THREAD_HANDLE_TYPE(Name) T.HandleTypes.insert(#Name);
#include "ThreadApis.def"
    return T;
  }();
  return Tables;
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

const Table<Profile> &asyncSignalSafe() {
  static const Table<Profile> Safe = [] {
    Table<Profile> T;
#define FORKSAFE_AS_SAFE(Name, MinimalProfile) T[#Name] = Profile::MinimalProfile;
#include "AsyncSignalSafe.def"
    return T;
  }();
  return Safe;
}

template <typename T>
std::optional<T> lookup(const Table<T> &Tab, StringRef Key) {
  auto It = Tab.find(Key);
  if (It == Tab.end())
    return std::nullopt;
  return It->second;
}

} // namespace

ProcessRole processRole(StringRef LookupName) {
  return lookup(processRoles(), LookupName).value_or(ProcessRole::None);
}

std::optional<ThreadStartApi> threadStartApi(StringRef LookupName) {
  return lookup(threadTables().Starts, LookupName);
}

std::optional<int32_t> threadJoinSlot(StringRef LookupName) {
  return lookup(threadTables().Joins, LookupName);
}

std::optional<int32_t> threadDetachSlot(StringRef LookupName) {
  return lookup(threadTables().Detaches, LookupName);
}

bool isThreadHandleType(StringRef TypeName) {
  return threadTables().HandleTypes.contains(TypeName);
}

std::optional<OutputApi> outputApi(StringRef LookupName) {
  return lookup(outputTables().Apis, LookupName);
}

std::optional<int> standardStreamFd(StringRef VariableName) {
  return lookup(outputTables().Streams, VariableName);
}

bool isKnownLibraryFunction(StringRef LookupName) {
  return isAsyncSignalSafe(LookupName, Profile::Glibc) ||
         processRole(LookupName) != ProcessRole::None ||
         threadStartApi(LookupName) || threadJoinSlot(LookupName) ||
         threadDetachSlot(LookupName) || outputApi(LookupName);
}

StringRef joinFunctionName(StringRef JoinCall) {
  if (JoinCall.starts_with("%s"))
    return "";
  return JoinCall.take_until([](char C) { return C == '('; });
}

std::vector<std::string> fixItFunctions() {
  std::vector<std::string> Names{"_exit", "write"};
  for (const auto &Start : threadTables().Starts) {
    StringRef Join = joinFunctionName(Start.second.JoinCall);
    if (!Join.empty() && !llvm::is_contained(Names, Join))
      Names.push_back(Join.str());
  }
  return Names;
}

bool isAsyncSignalSafe(StringRef LookupName, Profile P) {
  std::optional<Profile> Minimal =
      lookup(asyncSignalSafe(), canonicalLibraryName(LookupName));
  return Minimal && (*Minimal == Profile::Posix || P == Profile::Glibc);
}

} // namespace forksafe
