// A fork wrapper may run code of its own in the child before returning 0 to
// its caller (Redis's redisFork resets signal handlers and closes listeners
// there). That code runs in the child and is checked like any child code;
// the wrapper's fork is still not reported for itself.
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void *flush_loop(void *arg) { for (;;) pause(); }

static pid_t fork_child(void) {
  pid_t p = fork();
  if (p == 0) {
    signal(SIGINT, SIG_DFL);           // async-signal-safe: no diagnostic
    printf("child %d\n", (int)getpid()); // expected-warning {{call to 'printf' in the child of a multithreaded process}}
    return p;
  }
  if (p < 0)
    exit(1); // the parent's branch: no diagnostic
  return p;
}

static pid_t fork_and_quit_on_error(void) {
  pid_t p = fork();
  if (p == 0) {
    if (setsid() < 0)
      exit(1); // expected-warning {{'exit' in the child of a multithreaded process}}
    return p;
  }
  return p;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, flush_loop, NULL);
  if (fork_child() == 0) {
    puts("worker"); // expected-warning {{call to 'puts' in the child}}
    _exit(0);
  }
  if (fork_and_quit_on_error() == 0)
    _exit(0);
  return 0;
}
