// In the bounded child of a multithreaded fork, exit() and a return from
// main are reported anywhere: exit runs atexit handlers and flushes stdio,
// which may wait for locks that threads of the parent held.
// RUN: %forksafe_cc -Xclang -verify %s

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

static void *spin(void *arg) { for (;;) pause(); }

int main(int argc, char **argv) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL); // expected-note 2 {{a thread started here may still be running}}
  pid_t pid = fork(); // expected-note 2 {{the child of 'fork' starts here}}
  if (pid == 0) {
    if (argc > 2)
      exit(2); // expected-warning {{'exit' in the child of a multithreaded process runs atexit handlers and flushes stdio, which are not async-signal-safe; call '_exit' instead [forksafe-exit-in-child]}}
    return 1; // expected-warning {{returning from 'main' in the child of a multithreaded process calls 'exit', which is not async-signal-safe; call '_exit' instead [forksafe-exit-in-child]}}
  }
  return 0;
}
