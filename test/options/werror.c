// Clang applies neither -Werror nor -w to a plugin's diagnostics; forksafe
// does, and has its own werror option.
// RUN: %forksafe_cc %s 2>&1 | FileCheck %s --check-prefix=WARN
// RUN: not %forksafe_cc -Werror %s 2>&1 | FileCheck %s --check-prefix=ERROR
// RUN: not %forksafe_cc -fplugin-arg-forksafe-werror %s 2>&1 | FileCheck %s --check-prefix=ERROR
// RUN: %forksafe_cc -w %s 2>&1 | count 0
// RUN: %forksafe_cc -w -Werror %s 2>&1 | count 0

// WARN: warning: 'exit' after a failed exec {{.*}} [forksafe-exit-in-child]
// WARN: note: if this exec fails, the child goes on
// WARN: 1 warning generated.
// ERROR: error: 'exit' after a failed exec {{.*}} [forksafe-exit-in-child]
// ERROR: 1 error generated.

#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (fork() == 0) {
    execv(argv[1], argv + 1);
    exit(127);
  }
  return 0;
}
