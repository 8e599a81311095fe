// A thread wrapper passes its parameter on as a start routine: its callers
// start threads, and the routines they pass run in them.
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <pthread.h>
#include <unistd.h>

typedef void *(*routine_t)(void *);

static int plugin_thread_create(pthread_t *t, routine_t fn, void *arg) {
  return pthread_create(t, NULL, fn, arg);
}

// A wrapper of the wrapper, with a cast around the routine.
static void start_detached(void *(*fn)(void *), void *arg) {
  pthread_t t;
  plugin_thread_create(&t, (routine_t)fn, arg);
  pthread_detach(t);
}

static void *exec_plugin(void *arg) {
  fork(); // expected-warning {{'fork' is called from a thread other than the main thread, and its result is never tested}}
  return NULL;
}

static void *reaper(void *arg) {
  if (fork() == 0) // expected-warning {{[forksafe-fork-in-thread]}}
    pause();
  return arg;
}

int main(void) {
  pthread_t t;
  plugin_thread_create(&t, exec_plugin, NULL);
  start_detached(reaper, NULL);
  return 0;
}
