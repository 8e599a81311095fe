// The daemonize shape: a child whose code after the fork is also reached
// without forking. The child branch is what a child edge dominates; past
// the join with the path that did not fork, the code is no longer the
// child's own, and the child escapes into it. In a multithreaded process
// that is one fork-with-threads at the fork, not a string of findings in
// the code the two processes share.
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void *spin(void *arg) { for (;;) pause(); }
void serve(void);
__attribute__((noreturn)) void run_command(void);
void child_setup(void);

static pthread_t flusher;
static void start_flusher(void) { pthread_create(&flusher, NULL, spin, NULL); }

int main(int argc, char **argv) {
  int background = argc > 1;
  start_flusher();
  if (background) {
    pid_t pid = fork(); // expected-warning {{'fork' is called while other threads may be running, and its child goes on into code that also runs without a fork [forksafe-fork-with-threads]}}
    if (pid > 0)
      return 0;
    setsid();
    puts("detached"); // in the escaping child: reported at the fork
  }
  serve();
  printf("bye\n"); // no unsafe-call-in-child: code both processes run
  exit(0);         // no exit-in-child either
}

// With exit(0) in the parent, in a function other than main.
void daemonize_if(int background) {
  start_flusher();
  if (background) {
    if (fork() > 0) // expected-warning {{its child goes on into code that also runs without a fork}}
      exit(0);
    setsid();
  }
  serve();
  for (;;)
    pause();
}

// The same join, then an exec helper that never returns (busybox ash's
// evalcommand): the child escapes as well.
int maybe_fork(int must_fork) {
  start_flusher();
  if (must_fork) {
    if (fork() != 0) // expected-warning {{its child goes on into code that also runs without a fork}}
      return 0;
    child_setup();
  }
  run_command();
}

// No join: everything after the test is the child's own, and bounded by
// the return from main (checked call by call).
int always_forks(void) {
  start_flusher();
  if (fork() > 0)
    exit(0);
  setsid();
  puts("daemon"); // expected-warning {{call to 'puts' in the child}}
  _exit(0);
}

// Single-threaded: an escape says nothing.
void daemonize_single(int background) {
  if (background) {
    if (fork() > 0)
      exit(0);
  }
  serve();
}

// A path that did not fork and then tests the fork's variable for the
// child (`pid = i == 3 ? fork() : -1;`, musl's forkpty) cannot take the
// child's edge: the child's code is still its own, and its return escapes.
int fork_or_fail(int i) {
  start_flusher();
  pid_t pid = i == 3 ? fork() : -1; // expected-warning {{its child returns from 'fork_or_fail'}}
  if (!pid) {
    setsid();
    return 0;
  }
  return pid;
}

int fork_or_fail_if(int i) {
  start_flusher();
  pid_t pid;
  if (i == 3)
    pid = fork(); // expected-warning {{its child returns from 'fork_or_fail_if'}}
  else
    pid = -1;
  if (pid == 0)
    return 0;
  return pid;
}
