// The plugin loaded by a Clang of another major version than it was built
// for, newer and older: Clang's classes have another layout there, and
// running would crash the compiler. It says so and ends the compile before
// it touches any.
// REQUIRES: other-clang
// RUN: not %other_clang_newest -fsyntax-only %plugin_arg %s 2> %t.newest
// RUN: FileCheck %s -DBUILT=%llvm_major -DHOST=%other_major_newest --input-file %t.newest
// RUN: not %other_clang_oldest -fsyntax-only %plugin_arg %s 2> %t.oldest
// RUN: FileCheck %s -DBUILT=%llvm_major -DHOST=%other_major_oldest --input-file %t.oldest

// CHECK: error: forksafe: this plugin was built for Clang [[BUILT]] and cannot run in Clang [[HOST]]; load it with clang-[[BUILT]], or build forksafe against this Clang (FORKSAFE_LLVM_VERSION)
// CHECK-NOT: PLEASE submit a bug report
// CHECK-NOT: Stack dump

#include <unistd.h>

int main(void) { return fork() < 0; }
