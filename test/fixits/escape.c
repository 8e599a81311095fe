// child-escapes' fix-it: `_exit(1);` in place of each return that lets the
// child escape.
// RUN: %forksafe_cc -fdiagnostics-parseable-fixits %s 2>&1 | FileCheck %s
// RUN: rm -rf %t && mkdir -p %t && cp %s %t/fixed.c
// RUN: %forksafe_cc -Xclang -fixit %t/fixed.c
// RUN: %clang -fsyntax-only -Wall -Werror %t/fixed.c
// RUN: %forksafe_cc %t/fixed.c 2>&1 | count 0
// RUN: FileCheck %s --check-prefix=FIXED --match-full-lines --strict-whitespace < %t/fixed.c

#include <unistd.h>

int prepare(void);

pid_t spawn_in(const char *dir, char **argv) {
  pid_t pid = fork();
  if (pid == 0) {
    if (chdir(dir) < 0)
      return -1;
    if (prepare() < 0) { return -2; }
    execv(argv[0], argv);
    _exit(127);
  }
  return pid;
}
// CHECK: fix-it:"{{.*}}":{[[@LINE-7]]:7-[[@LINE-7]]:17}:"_exit(1);"
// CHECK: fix-it:"{{.*}}":{[[@LINE-7]]:26-[[@LINE-7]]:36}:"_exit(1);"
// FIXED:      _exit(1);
// FIXED-NEXT:    if (prepare() < 0) { _exit(1); }
