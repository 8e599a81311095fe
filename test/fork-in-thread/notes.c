// The notes name the thread start, walk the chain to the fork, show where
// the child escapes, and suggest the repair.
// RUN: %forksafe_cc -Xclang -verify %s

#include <pthread.h>
#include <unistd.h>

void run_job(void);

static void respawn(void) {
  if (fork() == 0) // expected-warning {{'fork' is called from a thread other than the main thread, and its child goes on into code the parent also runs [forksafe-fork-in-thread]}} \
                   // expected-note {{fork from the main thread before any thread starts, or use posix_spawn}}
    run_job();
  run_job(); // expected-note {{the child goes on here, in code the parent also runs}}
}

static void *supervisor(void *arg) {
  respawn(); // expected-note {{in that thread, 'supervisor' calls 'respawn' here}}
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, supervisor, NULL); // expected-note {{a thread started here runs 'supervisor'}}
  pthread_join(t, NULL);
  return 0;
}
