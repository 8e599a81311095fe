// Nothing is reported in system headers, nor in the body of a macro from
// one; the same code in the user's file is.
// RUN: %forksafe_cc -isystem %S/Inputs/sys -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <spawn_helpers.h>

void user_spawn(char **argv) {
  sys_spawn(argv);
  if (fork() == 0) {
    execv(argv[0], argv);
    SYS_CHILD_EXIT();
  }
  if (fork() == 0) {
    execv(argv[0], argv);
    exit(127); // expected-warning {{[forksafe-exit-in-child]}}
  }
}
