// The thread start may sit in a function the child calls, and the exit in
// another: the warning is at the start, with the evidence in notes.
// RUN: %forksafe_cc -Xclang -verify %s

#include <pthread.h>
#include <unistd.h>

static void *upload(void *job) { return job; }
static pthread_t uploader;

static void start_uploader(void *job) {
  pthread_create(&uploader, NULL, upload, job); // expected-warning {{thread started in the child of 'fork' is not joined before the child exits [forksafe-child-thread-not-joined]}}
}

static void finish(int status) {
  _exit(status); // expected-note {{the child exits here while the thread may still run}}
}

void child_calls_helpers(void *job) {
  if (fork() == 0) { // expected-note {{the child of 'fork' starts here}}
    start_uploader(job); // expected-note {{'start_uploader' is called here in the child}}
    finish(0);
  }
}

// A helper that starts the thread and exits, all by itself.
static void run_and_quit(void *job) {
  pthread_t t;
  pthread_create(&t, NULL, upload, job); // expected-warning {{is not joined before the child exits}}
  _exit(0); // expected-note {{the child exits here while the thread may still run}}
}

void child_calls_quitter(void *job) {
  if (fork() == 0) // expected-note {{the child of 'fork' starts here}}
    run_and_quit(job); // expected-note {{'run_and_quit' is called here in the child}}
}

// A helper that joins what it started is fine.
static void run_and_wait(void *job) {
  pthread_t t;
  pthread_create(&t, NULL, upload, job);
  pthread_join(t, NULL);
}

void child_calls_waiter(void *job) {
  if (fork() == 0) {
    run_and_wait(job);
    _exit(0);
  }
}

// Joined through a stop function: nothing left.
static void stop_uploader(void) { pthread_join(uploader, NULL); }

void child_starts_and_stops(void *job) {
  if (fork() == 0) {
    start_uploader(job);
    stop_uploader();
    _exit(0);
  }
}
