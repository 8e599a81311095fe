// Function addresses are followed through initialised tables of callbacks,
// struct fields, globals, arrays, parameters and return values; a call
// through one calls every function stored there (field-based: any object of
// the struct).
// RUN: %forksafe_cc -Xclang -verify %s

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

struct job_ops {
  const char *name;
  void (*run)(void *);
  void (*done)(void *);
};

static void spawn_helper(void *arg) {
  if (fork() == 0) // expected-warning {{'fork' is called from a thread other than the main thread}} expected-note {{fork from the main thread}}
    puts("child");
} // expected-note {{the child returns from here}}

static void log_done(void *arg) { puts("done"); }

// A hook table, initialised where it is defined.
static const struct job_ops helper_ops = {.name = "helper", .run = spawn_helper, .done = log_done};

struct job {
  const struct job_ops *ops;
  void *arg;
};

static void *worker(void *p) {
  struct job *j = p;
  j->ops->run(j->arg); // expected-note {{called through 'j->ops->run' here, which may be 'spawn_helper'}}
  j->ops->done(j->arg);
  return NULL;
}

// An array of handlers indexed by a signal number, filled by assignment,
// called through a parameter that receives the array.
typedef void (*handler_fn)(int);
static handler_fn handlers[NSIG];

static void on_hup(int sig) {
  printf("reloading\n"); // expected-note 2 {{'on_hup' calls 'printf' here}}
}

static void dispatch(handler_fn *table, int sig) {
  table[sig](sig); // expected-note {{called through 'table[sig]' here, which may be 'on_hup'}}
}

static handler_fn lookup(int sig) { return handlers[sig]; }

int main(void) {
  static struct job j = {&helper_ops, NULL};
  pthread_t t;
  pthread_create(&t, NULL, worker, &j); // expected-note {{a thread started here runs 'worker'}} expected-note 2 {{a thread started here may still be running}}
  handlers[SIGHUP] = on_hup;
  pid_t pid = fork(); // expected-note 2 {{the child of 'fork' starts here}}
  if (pid == 0) {
    dispatch(handlers, SIGHUP); // expected-warning {{call to 'dispatch' in the child of a multithreaded process reaches 'printf', which is not async-signal-safe}} expected-note {{do this before the fork}}
    lookup(SIGHUP)(SIGHUP); // expected-warning {{call to 'lookup(SIGHUP)' in the child of a multithreaded process reaches 'printf'}} expected-note {{called through 'lookup(SIGHUP)' here, which may be 'on_hup'}}
    _exit(1);
  }
  pthread_join(t, NULL);
  return 0;
}
