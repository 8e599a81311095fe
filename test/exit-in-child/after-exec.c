// exit() after a failed exec is wrong in every program, threads or not: it
// flushes the parent's stdio buffers a second time and runs its atexit
// handlers.
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void exec_then_exit(char **argv) {
  if (fork() == 0) {
    execvp(argv[0], argv);
    perror("execvp");
    exit(127); // expected-warning {{'exit' after a failed exec runs the parent's atexit handlers and flushes its stdio buffers a second time; call '_exit' instead [forksafe-exit-in-child]}}
  }
}

void exec_then_exit_on_one_path(char **argv, int verbose) {
  pid_t pid = fork();
  if (pid == 0) {
    execv(argv[0], argv);
    if (verbose)
      exit(1); // expected-warning {{[forksafe-exit-in-child]}}
    _exit(127);
  }
}

void exec_then_std_exit(char **argv) {
  switch (fork()) {
  case 0:
    execve(argv[0], argv, NULL);
    exit(EXIT_FAILURE); // expected-warning {{[forksafe-exit-in-child]}}
  }
}

// Without threads and before any exec, exit() in a child is allowed.
void exit_without_exec(void) {
  if (fork() == 0) {
    puts("child");
    exit(0);
  }
}

// exit() in the parent is the parent's business.
void exit_in_parent(char **argv) {
  pid_t pid = fork();
  if (pid == 0) {
    execv(argv[0], argv);
    _exit(127);
  }
  if (pid < 0)
    exit(1);
  exit(0);
}

int main(int argc, char **argv) {
  if (fork() == 0) {
    execv(argv[1], argv + 1);
    return 127; // expected-warning {{returning from 'main' after a failed exec calls 'exit', which runs the parent's atexit handlers and flushes its stdio buffers a second time; call '_exit' instead}}
  }
  return 0;
}

// exit() inside a function the child calls after the exec, or inside a
// library function like err(): the same bug, without a mechanical fix.
#include <err.h>
__attribute__((noreturn)) static void die(const char *what) {
  perror(what);
  exit(1);
}

void through_die(char **argv) {
  if (fork() == 0) {
    execv(argv[0], argv);
    die("execv"); // expected-warning {{'die' after a failed exec calls 'exit', which runs the parent's atexit handlers and flushes its stdio buffers a second time; end the child with '_exit' [forksafe-exit-in-child]}}
  }
}

void through_err(char **argv) {
  if (fork() == 0) {
    execv(argv[0], argv);
    err(127, "execv %s", argv[0]); // expected-warning {{'err' after a failed exec calls 'exit'}}
  }
}

// A helper that ends with _exit or exit as its caller asks: which one this
// call runs is not known, so it is not reported.
static void bail(int in_child) {
  if (in_child)
    _exit(2);
  exit(2);
}

void through_bail(char **argv) {
  if (fork() == 0) {
    execv(argv[0], argv);
    bail(1);
  }
}

// The exec and the exit() both in a function the child calls (openssh's
// do_child shape): reported there, with the same fix-it.
static void do_child(char **argv) {
  if (argv[0] == NULL)
    exit(1);
  execv(argv[0], argv);
  perror(argv[0]);
  exit(1); // expected-warning {{'exit' after a failed exec runs the parent's atexit handlers}}
}

int spawn_do_child(char **argv) {
  pid_t pid = fork();
  if (pid == 0)
    do_child(argv);
  return pid < 0 ? -1 : 0;
}
