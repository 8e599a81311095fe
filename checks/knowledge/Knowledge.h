//===- Knowledge.h - What forksafe knows about library functions -*- C++ -*-===//
//
// Lookups into the tables in this directory. The tables are the only place
// that names library functions; code asks these functions instead.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_CHECKS_KNOWLEDGE_KNOWLEDGE_H
#define FORKSAFE_CHECKS_KNOWLEDGE_KNOWLEDGE_H

#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace forksafe {

enum class Profile : uint8_t { Posix, Glibc };

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
};

struct ThreadStartApi {
  int32_t RoutineSlot;
  int32_t HandleSlot;
  int32_t AttrSlot;
  /// The statement that joins a handle; "%s" stands for the handle.
  llvm::StringRef JoinCall;
};

struct OutputApi {
  int32_t TextArg;
  int32_t StreamArg; ///< -1: standard output
  bool AppendsNewline;
  bool IsFormat;
};

/// The name under which the tables know a library function, with compiler
/// spellings removed: __builtin_memcpy, __memcpy_chk -> memcpy.
std::string canonicalLibraryName(llvm::StringRef Name);

ProcessRole processRole(llvm::StringRef LookupName);
std::optional<ThreadStartApi> threadStartApi(llvm::StringRef LookupName);
std::optional<int32_t> threadJoinSlot(llvm::StringRef LookupName);
std::optional<int32_t> threadDetachSlot(llvm::StringRef LookupName);
bool isThreadHandleType(llvm::StringRef TypeName);
std::optional<OutputApi> outputApi(llvm::StringRef LookupName);
std::optional<int> standardStreamFd(llvm::StringRef VariableName);

/// The function a join statement calls ("pthread_join"), or "" for a
/// member call ("%s.join();").
llvm::StringRef joinFunctionName(llvm::StringRef JoinCall);

/// The functions fix-its may insert calls to; a host records which of them
/// a translation unit declares (Unit::DeclaredFunctions).
std::vector<std::string> fixItFunctions();

/// Whether the tables know the function (as async-signal-safe under some
/// profile, or in any role): a C library function they describe, whatever
/// body a header gives it.
bool isKnownLibraryFunction(llvm::StringRef LookupName);

/// Whether the function may be called in a forked child under Profile
/// (POSIX.1-2024 XSH 2.4.3, and glibc's extensions for Profile::Glibc).
bool isAsyncSignalSafe(llvm::StringRef LookupName, Profile P);

} // namespace forksafe

#endif // FORKSAFE_CHECKS_KNOWLEDGE_KNOWLEDGE_H
