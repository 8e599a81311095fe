// A child that escapes its branch, in a multithreaded process, is reported
// once at the fork (fork-with-threads) and its calls are not reported one by
// one; a bounded child is the other way round.
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void *spin(void *arg) { for (;;) pause(); }
void work(void);

void never_tested(void) {
  fork(); // expected-warning {{'fork' is called while other threads may be running, and its result is never tested, so the child runs all that follows}}
  puts("both");
}

void result_stored_never_tested(void) {
  pid_t pid = fork(); // expected-warning {{its result is never tested}}
  puts("both");
  (void)pid;
}

void falls_into_parent_code(void) {
  if (fork() == 0) // expected-warning {{its child goes on into code the parent also runs}}
    puts("child");
  puts("parent");
}

int returns_from_function(void) {
  pid_t pid = fork(); // expected-warning {{its child returns from 'returns_from_function'}}
  if (pid == 0) {
    puts("child");
    return 1;
  }
  return 0;
}

void loops_back_to_fork(void) {
  for (int i = 0; i < 4; i++) {
    if (fork() == 0) // expected-warning {{its child}}
      work();
  }
}

void falls_off_the_end(void) {
  pid_t pid = fork(); // expected-warning {{its child returns from 'falls_off_the_end'}}
  if (pid != 0)
    return;
  puts("child");
}

// Bounded: every path of the child ends in _exit, abort, exit, or a
// function that does not return; or it loops forever in its branch.
__attribute__((noreturn)) void die(const char *why);

void ends_in_exit_calls(int how) {
  pid_t pid = fork(); // expected-warning {{output written to 'stdout' before 'fork'}}
  if (pid == 0) {
    if (how == 0)
      _exit(0);
    if (how == 1)
      abort();
    if (how == 2)
      die("child"); // no body here: unknown, so not reported
    exit(3); // expected-warning {{'exit' in the child of a multithreaded process}}
  }
}

void serves_forever(void) {
  if (fork() == 0) {
    for (;;)
      work();
  }
}

static void child_main(void) {
  puts("child"); // not in the child region of this function's fork
  _exit(0);
}

void ends_in_function_that_exits(void) {
  if (fork() == 0)
    child_main(); // expected-warning {{call to 'child_main' in the child of a multithreaded process reaches 'puts'}}
}

// The error path leaves the function, but the child is not on it.
int error_path_returns(void) {
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    work();
    _exit(0);
  }
  return 0;
}

// The child goes from one child branch to another through a test only: it
// never runs the parent's statements.
void two_child_branches(int verbose) {
  pid_t pid = fork();
  if (pid == 0 && verbose)
    _exit(1);
  if (pid == 0)
    _exit(2);
  puts("parent");
}

// Code the child shares with paths that did not fork is not its own: it
// runs with or without a fork (busybox ash's shape), and the child escapes
// into it (see joins-unforked.c).
void run_command(void) __attribute__((noreturn));
void child_setup(void);
int maybe_fork(int must_fork) {
  if (must_fork) {
    if (fork() != 0) // expected-warning {{its child goes on into code that also runs without a fork}}
      return 0;
    child_setup();
  }
  run_command();
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  never_tested();
  result_stored_never_tested();
  falls_into_parent_code();
  returns_from_function();
  loops_back_to_fork();
  falls_off_the_end();
  ends_in_exit_calls(0);
  serves_forever();
  ends_in_function_that_exits();
  error_path_returns();
  two_child_branches(0);
  maybe_fork(1);
  return 0;
}
