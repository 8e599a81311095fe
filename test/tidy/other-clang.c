// The clang-tidy module loaded by the clang-tidy of another major version:
// it would list its checks and report nothing (or crash). It says so and
// ends the run instead. Sanitized, the loader may refuse it first.
// REQUIRES: other-clang-tidy
// RUN: not %other_clang_tidy --load=%tidy_module -checks='-*,forksafe-*' %s -- -std=gnu11 2> %t.err
// RUN: FileCheck %s --check-prefix=%if sanitized %{SANITIZED%} %else %{CHECK%} -DBUILT=%llvm_major -DHOST=%other_major_newest --input-file %t.err

// CHECK: error: forksafe: this clang-tidy module was built for Clang [[BUILT]] and cannot run in Clang [[HOST]]; load it in Clang [[BUILT]], or build forksafe against this Clang (FORKSAFE_LLVM_VERSION)

// SANITIZED: {{(error: forksafe: this clang-tidy module was built for Clang [0-9]+ and cannot run in Clang [0-9]+;|undefined symbol: )}}

#include <stdlib.h>
#include <unistd.h>

int main(void) {
  if (fork() == 0)
    exit(1);
  return 0;
}
