// A fork wrapper returns the fork result where it is 0: each call of it is a
// fork site with its own child region in the caller, tested by the caller.
// The fork inside the wrapper is not reported for itself.
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void *spin(void *arg) { for (;;) pause(); }
__attribute__((noreturn)) void die(const char *why);

static pid_t xfork(void) {
  pid_t p = fork();
  if (p < 0)
    die("fork");
  return p;
}

static pid_t direct_wrapper(void) { return fork(); }

// Wraps a wrapper.
static pid_t spawn_worker(void) {
  pid_t p = xfork();
  return p;
}

// Not a wrapper: `return 0;` in the child is as likely an exit status as
// the fork result, and only the result itself makes a wrapper. Its child
// returns into the caller, an escape reported at its fork.
static int in_child(void) {
  pid_t p = fork(); // expected-warning {{'fork' is called while other threads may be running, and its child returns from 'in_child'}}
  if (p == 0)
    return 0;
  return 1;
}

// Not a wrapper: the child never returns from it.
static pid_t spawn_and_exec(char **argv) {
  pid_t p = fork();
  if (p == 0) {
    execv(argv[0], argv);
    _exit(127);
  }
  return p;
}

void use_wrappers(char **argv) {
  if (xfork() == 0) {
    puts("child of xfork"); // expected-warning {{call to 'puts' in the child}}
    _exit(0);
  }
  switch (direct_wrapper()) {
  case 0:
    puts("child of direct_wrapper"); // expected-warning {{call to 'puts' in the child}}
    _exit(0);
  }
  pid_t w = spawn_worker();
  if (!w) {
    puts("child of spawn_worker"); // expected-warning {{call to 'puts' in the child}}
    _exit(0);
  }
  if (in_child() == 0) {
    puts("not a fork site");
    _exit(0);
  }
  if (spawn_and_exec(argv) > 0)
    puts("parent");
  xfork(); // expected-warning {{'xfork' is called while other threads may be running, and its result is never tested}}
}

int main(int argc, char **argv) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  use_wrappers(argv);
  return 0;
}
