// The plugin loaded by a Clang of another major version than it was built
// for, newer and older: Clang's classes have another layout there, and
// running would crash the compiler. It says so and ends the compile before
// it touches any. The sanitized plugin refers to the type information of
// Clang's classes when it is loaded, so the loader may refuse it first,
// with Clang's own error: either way no crash.
// REQUIRES: other-clang
// RUN: not %other_clang_newest -fsyntax-only %plugin_arg %s 2> %t.newest
// RUN: FileCheck %s --check-prefix=%if sanitized %{SANITIZED%} %else %{CHECK%} -DBUILT=%llvm_major -DHOST=%other_major_newest --input-file %t.newest
// RUN: not %other_clang_oldest -fsyntax-only %plugin_arg %s 2> %t.oldest
// RUN: FileCheck %s --check-prefix=%if sanitized %{SANITIZED%} %else %{CHECK%} -DBUILT=%llvm_major -DHOST=%other_major_oldest --input-file %t.oldest

// CHECK: error: forksafe: this plugin was built for Clang [[BUILT]] and cannot run in Clang [[HOST]]; load it in Clang [[BUILT]], or build forksafe against this Clang (FORKSAFE_LLVM_VERSION)
// CHECK-NOT: PLEASE submit a bug report
// CHECK-NOT: Stack dump

// SANITIZED: error: {{(forksafe: this plugin was built for Clang [0-9]+ and cannot run in Clang [0-9]+;|unable to load plugin '.*forksafe.so': '.*undefined symbol: )}}
// SANITIZED-NOT: PLEASE submit a bug report
// SANITIZED-NOT: Stack dump

#include <unistd.h>

int main(void) { return fork() < 0; }
