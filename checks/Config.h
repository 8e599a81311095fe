//===- Config.h - .forksafe.yaml, a project's settings ----------*- C++ -*-===//
//
// A project tells forksafe its settings once, in a .forksafe.yaml that every
// host (the plugin, the forksafe command, the clang-tidy module) finds
// upward from the source file:
//
//   Checks: '-*,exit-in-child'     # as the 'checks' option
//   Profile: glibc                 # posix | glibc
//   Threads: assume                # auto | assume | none
//   Unknown: unsafe                # ignore | unsafe
//   WarningsAsErrors: true
//
// and what forksafe cannot see of the project's own functions (Options::
// Project, for the extractor and the analysis alike):
//
//   ThreadStartWrappers: [{Name: spawn_worker, Routine: 2, Handle: 1}]
//   ThreadSources: [metrics_init]
//   ForkWrappers: [safe_fork]
//   SignalSafe: [log_raw]
//   Unsafe: [my_lock]
//   ChildEnds: [die_in_child]
//   Reinit: [{Type: 'struct my_loop *', Reinit: my_loop_after_fork,
//             Uses: [my_loop_run], Create: [my_loop_new]}]
//
// Options given to the host win over the file's settings.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_CHECKS_CONFIG_H
#define FORKSAFE_CHECKS_CONFIG_H

#include "Options.h"
#include "llvm/Support/Error.h"
#include <optional>
#include <string>

namespace forksafe {

constexpr llvm::StringLiteral ConfigFileName = ".forksafe.yaml";

/// The nearest .forksafe.yaml in Dir or a directory above it.
std::optional<std::string> findConfigFile(llvm::StringRef Dir);

/// Applies the settings of the configuration file Path to Opts. A file that
/// cannot be read or parsed, an unknown key or a bad value is an error that
/// names the file, the line and the column, and what was expected there.
llvm::Error applyConfigFile(llvm::StringRef Path, Options &Opts);

/// The same, from the file's text (Path names it in errors).
llvm::Error applyConfigText(llvm::StringRef Text, llvm::StringRef Path,
                            Options &Opts);

} // namespace forksafe

#endif // FORKSAFE_CHECKS_CONFIG_H
