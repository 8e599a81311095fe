//===- HostClang.h - The Clang that loaded a forksafe module ----*- C++ -*-===//
//
// The compiler plugin (and any other module a Clang tool loads, such as a
// clang-tidy module) binds to the loading tool's Clang classes by name, and
// their layout changes between major versions: loaded by another major, it
// would crash the tool or silently do nothing. A module calls
// exitUnlessHostClangMatches before it registers anything.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_PLUGIN_HOSTCLANG_H
#define FORKSAFE_PLUGIN_HOSTCLANG_H

namespace forksafe {

/// The major version of the Clang in this process, from its version text;
/// 0 when it cannot be told.
unsigned hostClangMajor();

/// Ends the process with status 1 and an error naming Module ("this plugin")
/// when the Clang in this process has another major version than the one
/// forksafe was built against. Touches nothing of Clang's but a function that
/// every version calls alike, and reports through stdio.
void exitUnlessHostClangMatches(const char *Module);

} // namespace forksafe

#endif // FORKSAFE_PLUGIN_HOSTCLANG_H
