// If the exec fails, the child must not go on into the parent's code.
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void wait_for_child(void);

void launch(char **argv) {
  if (fork() == 0)
    execvp(argv[0], argv); // expected-warning {{if 'execvp' fails, the child returns from 'launch' and runs its caller's code [forksafe-child-fallthrough]}}
}

void launch_and_wait(char **argv) {
  pid_t pid = fork();
  if (pid == 0) {
    execv(argv[0], argv); // expected-warning {{if 'execv' fails, the child goes on into code the parent runs}}
    perror("execv");
  }
  wait_for_child();
}

void launch_in_loop(char **argv, int n) {
  for (int i = 0; i < n; i++) {
    if (fork() == 0)
      execv(argv[0], argv); // expected-warning {{if 'execv' fails, the child goes on into code the parent runs}}
  }
}

// Ended properly: _exit, abort, or another exec that is itself ended.
void ended(char **argv) {
  if (fork() == 0) {
    execv(argv[0], argv);
    _exit(127);
  }
  if (fork() == 0) {
    execvp(argv[0], argv);
    abort();
  }
  if (fork() == 0) {
    execv(argv[0], argv);
    execv("/bin/false", argv);
    _exit(126);
  }
}

// exit() after the exec is exit-in-child's business, not this check's.
void ended_by_exit(char **argv) {
  if (fork() == 0) {
    execv(argv[0], argv);
    exit(127); // expected-warning {{[forksafe-exit-in-child]}}
  }
}

// An exec-like helper: every path of it execs, and it may return.
static void run_program(char **argv) {
  execvp(argv[0], argv);
  perror(argv[0]);
}

void through_helper(char **argv) {
  if (fork() == 0)
    run_program(argv); // expected-warning {{if 'run_program' fails, the child returns from 'through_helper'}}
}

// A helper that never returns ends the child.
static void run_or_die(char **argv) {
  execvp(argv[0], argv);
  _exit(127);
}

void through_ending_helper(char **argv) {
  if (fork() == 0)
    run_or_die(argv);
}

// In main, a return after the exec is exit-in-child's.
int main(int argc, char **argv) {
  if (fork() == 0) {
    execv(argv[1], argv + 1);
    return 1; // expected-warning {{[forksafe-exit-in-child]}}
  }
  return 0;
}
