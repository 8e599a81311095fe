// child-fallthrough's fix-it: `_exit(127);` after the exec, in braces when
// the exec is the unbraced body of an if.
// RUN: %forksafe_cc -fdiagnostics-parseable-fixits %s 2>&1 | FileCheck %s
// RUN: rm -rf %t && mkdir -p %t && cp %s %t/fixed.c
// RUN: %forksafe_cc -Xclang -fixit %t/fixed.c
// RUN: %clang -fsyntax-only -Wall -Werror %t/fixed.c
// RUN: %forksafe_cc %t/fixed.c 2>&1 | count 0
// RUN: FileCheck %s --check-prefix=FIXED --match-full-lines --strict-whitespace < %t/fixed.c

#include <stdio.h>
#include <unistd.h>

void launch(char **argv) { if (fork() == 0) execvp(argv[0], argv); }
// CHECK: fix-it:"{{.*}}":{[[@LINE-1]]:45-[[@LINE-1]]:45}:"{ "
// CHECK: fix-it:"{{.*}}":{[[@LINE-2]]:67-[[@LINE-2]]:67}:" _exit(127); }"
// FIXED:void launch(char **argv) { if (fork() == 0) { execvp(argv[0], argv); _exit(127); } }

void wait_for(pid_t);

void launch_and_wait(char **argv) {
  pid_t pid = fork();
  if (pid == 0) {
    execv(argv[0], argv); // run it
  }
  wait_for(pid);
}
// CHECK: fix-it:"{{.*}}":{[[@LINE-4]]:36-[[@LINE-4]]:36}:"\n    _exit(127);"
// FIXED:    execv(argv[0], argv); // run it
// FIXED-NEXT:    _exit(127);

void launch_on_one_line(char **argv) {
  if (fork() == 0) { execv(argv[0], argv); }
  wait_for(0);
}
// CHECK: fix-it:"{{.*}}":{[[@LINE-3]]:43-[[@LINE-3]]:43}:" _exit(127);"
// FIXED:  if (fork() == 0) { execv(argv[0], argv); _exit(127); }
