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

// An exec returns only when it fails, with -1: a child that retries it for
// ever never falls through, and one that tests for -1 escapes only there.
void retries(char **argv) {
  if (fork() == 0)
    while (execvp(argv[0], argv) < 0)
      sleep(1);
}

int tests_for_failure(char **argv) {
  if (fork() == 0) {
    if (execvp(argv[0], argv) == -1) { // expected-warning {{if 'execvp' fails, the child returns from 'tests_for_failure'}}
      perror("execvp");
      return 1;
    }
  }
  return 0;
}

// A spawn helper whose failed exec returns the fork result (0) to its
// caller: not a fork wrapper, a fall-through.
pid_t spawn(char **argv) {
  pid_t pid = fork();
  if (pid == 0)
    execv(argv[0], argv); // expected-warning {{if 'execv' fails, the child goes on into code the parent runs}}
  return pid;
}

// A helper that execs, then exits: the child ends there (exit-in-child
// says how badly), and falls through nowhere.
static void run_child(char **argv) {
  execv(argv[0], argv);
  perror(argv[0]);
  exit(127); // expected-warning {{'exit' after a failed exec}}
}

int spawn_with_helper(char **argv) {
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0)
    run_child(argv);
  return 0;
}

// In main, a return after the exec is exit-in-child's.
int main(int argc, char **argv) {
  if (fork() == 0) {
    execv(argv[1], argv + 1);
    return 1; // expected-warning {{[forksafe-exit-in-child]}}
  }
  return 0;
}
