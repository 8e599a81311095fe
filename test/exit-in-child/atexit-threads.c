// With threads about and an exit handler of the parent's, the message names
// the handler: it runs in every such child, threads or not.
// RUN: %forksafe_cc -Xclang -verify %s

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

void *flush_loop(void *);
static void remove_pidfile(void) { unlink("/run/server.pid"); }

int main(void) {
  atexit(remove_pidfile); // expected-note {{'remove_pidfile' is registered here}}
  pthread_t t;
  pthread_create(&t, 0, flush_loop, 0);
  if (fork() == 0) // expected-note {{the child of 'fork' starts here}}
    exit(0); // expected-warning {{'exit' in the child runs the parent's atexit handler 'remove_pidfile' a second time; call '_exit' instead [forksafe-exit-in-child]}}
  return 0;
}
