// daemon() forks and exits in the parent: everything after it is the
// child's, whatever the test, and the child always goes on.
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void *spin(void *arg) { for (;;) pause(); }

void daemonize_late(void) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  if (daemon(0, 0) < 0) // expected-warning {{'daemon' is called while other threads may be running, and the daemon process goes on with this thread alone}}
    perror("daemon");
  puts("daemon up");
}

// Single-threaded: nothing to say.
int single_threaded(void) {
  if (daemon(0, 0) < 0)
    return 1;
  puts("daemon up");
  return 0;
}

int main(void) {
  daemonize_late();
  return 0;
}
