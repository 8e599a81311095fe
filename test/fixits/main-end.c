// Falling off the end of main in the child returns 0, which calls exit():
// the fix-it ends the child with _exit(0) there instead.
// RUN: %forksafe_cc -fdiagnostics-parseable-fixits %s 2>&1 | FileCheck %s
// RUN: rm -rf %t && mkdir -p %t && cp %s %t/fixed.c
// RUN: %forksafe_cc -Xclang -fixit %t/fixed.c
// RUN: %clang -fsyntax-only -Wall -Werror %t/fixed.c
// RUN: %forksafe_cc %t/fixed.c 2>&1 | count 0
// RUN: FileCheck %s --check-prefix=FIXED --match-full-lines --strict-whitespace < %t/fixed.c

#include <unistd.h>

int main(int argc, char **argv) {
  if (fork() != 0)
    return 0;
  execv(argv[1], argv + 1);
}
// CHECK: warning: falling off the end of 'main' after a failed exec calls 'exit'{{.*}}[forksafe-exit-in-child]
// CHECK: fix-it:"{{.*}}":{[[@LINE-2]]:1-[[@LINE-2]]:1}:"  _exit(0);\n"
// FIXED:  execv(argv[1], argv + 1);
// FIXED-NEXT:  _exit(0);
// FIXED-NEXT:}
