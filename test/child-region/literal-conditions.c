// Conditions that are the same on every run decide their branches, as
// Clang's CFG would: `while (1)` never leaves, `do ... while (0)` runs once,
// `if (0)` is dead, an enumerator or `!0` is a literal too.
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

enum { Forever = 1, Never = 0 };

static void *spin(void *arg) { for (;;) pause(); }

// The macro idiom: the fork is not met again, the child stays bounded.
#define SPAWN_LOGGED(msg)                                                      \
  do {                                                                         \
    if (fork() == 0) {                                                         \
      puts(msg);                                                               \
      _exit(0);                                                                \
    }                                                                          \
  } while (0)

void once(void) {
  SPAWN_LOGGED("once"); // expected-warning {{call to 'puts' in the child}}
}

// Children that serve for ever are bounded.
void serve_forever(void) {
  if (fork() == 0) {
    while (1)
      pause();
  }
  if (fork() == 0) {
    while (Forever)
      pause();
  }
  if (fork() == 0) {
    while (!0)
      pause();
  }
}

// A dead branch holds nothing of the child's.
void dead_branch(void) {
  if (fork() == 0) {
    if (0)
      puts("never");
    if (Never)
      puts("never either");
    _exit(0);
  }
}

// A loop the child leaves goes on into the parent's code.
void leaves_loop(int n) {
  if (fork() == 0) { // expected-warning {{'fork' is called while other threads may be running, and its child goes on into code the parent also runs}}
    while (n--) // not a literal: the loop may end
      pause();
  }
  puts("parent");
}

int main(int argc, char **argv) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  once();
  serve_forever();
  dead_branch();
  leaves_loop(argc);
  return 0;
}
