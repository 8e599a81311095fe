// A daemon is the program from then on: the threads it starts after
// daemon() or the program's own daemonize() are its own, not a child's that
// should join them before it exits (the shape of Redis's server.c).
// RUN: %forksafe_cc -Xclang -verify %s

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

static void *bio_worker(void *arg) {
  for (;;)
    pause();
  return arg;
}

static void daemonize(void) {
  if (fork() != 0)
    exit(0);
  setsid();
}

static void bio_init(void) {
  pthread_t t;
  pthread_create(&t, NULL, bio_worker, NULL); // expected-warning {{thread started in the child of 'fork' is not joined before the child exits}}
}

static void serve(void) {
  for (;;)
    pause();
}

int main(int argc, char **argv) {
  if (argc > 1)
    daemonize();
  bio_init();
  serve();
  exit(0);
}

int library_daemon(void) {
  if (daemon(0, 0) < 0)
    return 1;
  bio_init();
  exit(0);
}

// A short-lived child still joins what it starts.
void short_child(void) {
  if (fork() == 0) { // expected-note {{the child of 'fork' starts here}}
    bio_init(); // expected-note {{'bio_init' is called here in the child}}
    _exit(0); // expected-note {{the child exits here while the thread may still run}}
  }
}
