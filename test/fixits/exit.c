// exit-in-child's fix-its: exit -> _exit, and `return N;` in main ->
// `_exit(N);`. Applied, they compile and leave nothing to report.
// RUN: %forksafe_cc -fdiagnostics-parseable-fixits %s 2>&1 | FileCheck %s
// RUN: rm -rf %t && mkdir -p %t && cp %s %t/fixed.c
// RUN: %forksafe_cc -Xclang -fixit %t/fixed.c
// RUN: %clang -fsyntax-only -Wall -Werror %t/fixed.c
// RUN: %forksafe_cc %t/fixed.c 2>&1 | count 0
// RUN: FileCheck %s --check-prefix=FIXED < %t/fixed.c

#include <stdlib.h>
#include <unistd.h>

void spawn(char **argv) {
  if (fork() == 0) {
    execv(argv[0], argv);
    exit(127);
  }
}
// CHECK: fix-it:"{{.*}}":{[[@LINE-3]]:5-[[@LINE-3]]:9}:"_exit"
// FIXED: {{^}}    _exit(127);

void spawn_unbraced(char **argv) {
  if (fork() == 0) {
    execv(argv[0], argv);
    if (argv[1])
      exit(1);
    _exit(2);
  }
}
// CHECK: fix-it:"{{.*}}":{[[@LINE-4]]:7-[[@LINE-4]]:11}:"_exit"
// FIXED: {{^}}      _exit(1);

int main(int argc, char **argv) {
  if (fork() == 0) {
    execvp(argv[1], argv + 1);
    return EXIT_FAILURE;
  }
  return 0;
}
// CHECK: fix-it:"{{.*}}":{[[@LINE-4]]:5-[[@LINE-4]]:12}:"_exit("
// CHECK: fix-it:"{{.*}}":{[[@LINE-5]]:24-[[@LINE-5]]:24}:")"
// FIXED: {{^}}    _exit(EXIT_FAILURE);
