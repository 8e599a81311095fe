// A thread-start wrapper that keeps the routine in a struct and hands
// pthread_create a trampoline that calls through that field is a thread
// wrapper: the routines its callers pass run in threads.
// RUN: %forksafe_cc -Xclang -verify %s

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

struct thread_start {
  void *(*routine)(void *);
  void *arg;
};

static void *trampoline(void *p) {
  struct thread_start *s = p;
  void *(*routine)(void *) = s->routine;
  void *arg = s->arg;
  free(s);
  return routine(arg); // expected-note {{called through 'routine' here, which may be 'job_run'}}
}

int start_thread(pthread_t *t, void *(*routine)(void *), void *arg) {
  struct thread_start *s = malloc(sizeof *s);
  s->routine = routine;
  s->arg = arg;
  return pthread_create(t, NULL, trampoline, s); // expected-note {{a thread started here runs 'trampoline'}}
}

static void run_tool(void) {
  fork(); // expected-warning {{'fork' is called from a thread other than the main thread}} expected-note {{fork from the main thread}}
}

static void *job_run(void *arg) {
  run_tool(); // expected-note {{in that thread, 'job_run' calls 'run_tool' here}}
  return arg;
}

int main(void) {
  pthread_t t;
  start_thread(&t, job_run, NULL);
  pthread_join(t, NULL);
  return 0;
}
