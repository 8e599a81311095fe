// The multithreaded context, rules 2 to 5 of docs/semantics.md, at escaping
// forks.
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void *spin(void *arg) { for (;;) pause(); }
void work(void);

// Rule 2: after a start, until the handle is joined.
void started_then_joined(void) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  fork(); // expected-warning {{'fork' is called while other threads may be running, and its result is never tested, so the child runs all that follows [forksafe-fork-with-threads]}}
  pthread_join(t, NULL);
  fork(); // no thread runs any more
}

// Rule 2 is flow-sensitive: only on paths where the thread was started.
void started_on_one_path(int threaded) {
  pthread_t t;
  if (threaded)
    pthread_create(&t, NULL, spin, NULL);
  if (fork() == 0) // expected-warning {{[forksafe-fork-with-threads]}}
    work();
}

void started_after(void) {
  if (fork() == 0)
    work();
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  pthread_join(t, NULL);
}

// A start in a loop joined in a later loop is multithreaded between them.
void thread_pool(void) {
  pthread_t pool[4];
  for (int i = 0; i < 4; i++)
    pthread_create(&pool[i], NULL, spin, NULL);
  fork(); // expected-warning {{[forksafe-fork-with-threads]}}
  for (int i = 0; i < 4; i++)
    pthread_join(pool[i], NULL);
  fork();
}

// A detached thread runs on.
void detached(void) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  pthread_detach(t);
  fork(); // expected-warning {{[forksafe-fork-with-threads]}}
}

// Rule 3: a call that returns with one of its threads running.
static pthread_t flusher;
void start_flusher(void) { pthread_create(&flusher, NULL, spin, NULL); }
void stop_flusher(void) { pthread_join(flusher, NULL); }

struct service {
  pthread_t thread;
  int running;
};
void service_start(struct service *s) {
  pthread_create(&s->thread, NULL, spin, s);
  s->running = 1;
}
void service_stop(struct service *s) {
  s->running = 0;
  pthread_join(s->thread, NULL);
}

void start_local(pthread_t *out) { pthread_create(out, NULL, spin, NULL); }

void via_calls(void) {
  start_flusher();
  fork(); // expected-warning {{[forksafe-fork-with-threads]}}
  stop_flusher();
  fork();

  struct service s;
  service_start(&s);
  fork(); // expected-warning {{[forksafe-fork-with-threads]}}
  service_stop(&s);
  fork();

  pthread_t mine;
  start_local(&mine);
  fork(); // expected-warning {{[forksafe-fork-with-threads]}}
  pthread_join(mine, NULL);
  fork();
}

// Rule 3 goes through functions that only pass the thread on.
static void init(void) { start_flusher(); }
void through_init(void) {
  init();
  fork(); // expected-warning {{[forksafe-fork-with-threads]}}
}

// Rule 4: a function called where a thread may run is multithreaded
// throughout, transitively.
static void respawn(void) {
  if (fork() == 0) // expected-warning {{[forksafe-fork-with-threads]}}
    work();
}
static void supervise(void) { respawn(); }

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  supervise();
  pthread_join(t, NULL);
  return 0;
}
