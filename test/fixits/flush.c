// fork-with-unflushed-stdio's fix-it: `fflush(NULL);` before the statement
// that forks, on a line of its own, in braces where that statement is the
// unbraced body of a loop, so that it runs before each fork.
// RUN: %forksafe_cc -fdiagnostics-parseable-fixits %s 2>&1 | FileCheck %s
// RUN: rm -rf %t && mkdir -p %t && cp %s %t/fixed.c
// RUN: %forksafe_cc -Xclang -fixit %t/fixed.c
// RUN: %clang -fsyntax-only -Wall -Werror %t/fixed.c
// RUN: %forksafe_cc %t/fixed.c 2>&1 | count 0
// RUN: FileCheck %s --check-prefix=FIXED --match-full-lines --strict-whitespace < %t/fixed.c

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void work(void);

void spawn(void) {
  if (fork() == 0) {
    work();
    exit(0);
  }
}

int main(int argc, char **argv) {
  printf("%s: up\n", argv[0]);
  pid_t pid = fork();
  if (pid == 0) {
    work();
    return 0;
  }
  for (int i = 1; i < argc; i++)
    if (fork() == 0) { puts(argv[i]); exit(0); }
  return 0;
}
// CHECK: fix-it:"{{.*}}":{[[@LINE-9]]:3-[[@LINE-9]]:3}:"fflush(NULL);\n  "
// CHECK: fix-it:"{{.*}}":{[[@LINE-4]]:5-[[@LINE-4]]:5}:"{ fflush(NULL); "
// CHECK: fix-it:"{{.*}}":{[[@LINE-5]]:49-[[@LINE-5]]:49}:" }"
// FIXED:  fflush(NULL);
// FIXED-NEXT:  pid_t pid = fork();
// FIXED:    { fflush(NULL); if (fork() == 0) { puts(argv[i]); exit(0); } }
