// libevent: an event base made before fork() must go through event_reinit()
// in the child before the child uses it.
// REQUIRES: libevent
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <event2/event.h>
#include <stdlib.h>
#include <unistd.h>

void serve(struct event_base *base) { event_base_dispatch(base); }

void worker_without_reinit(void) {
  struct event_base *base = event_base_new();
  if (fork() == 0) {
    event_base_dispatch(base); // expected-warning {{call to 'event_base_dispatch' in the child uses the libevent event base 'base' from before the fork without calling 'event_reinit' first [forksafe-reinit-after-fork]}}
    event_base_loopexit(base, NULL); // only the first use is reported
    _exit(0);
  }
  event_base_dispatch(base); // the parent's
}

void worker_with_reinit(void) {
  struct event_base *base = event_base_new();
  if (fork() == 0) {
    event_reinit(base);
    event_base_dispatch(base);
    _exit(0);
  }
}

// A base made in the child is the child's own.
void worker_own_base(void) {
  if (fork() == 0) {
    struct event_base *base = event_base_new();
    event_base_dispatch(base);
    _exit(0);
  }
}

// Re-initialised on one path only: the other still uses the parent's.
void worker_reinit_sometimes(int fresh) {
  struct event_base *base = event_base_new();
  if (fork() == 0) {
    if (fresh)
      event_reinit(base);
    event_base_loop(base, 0); // expected-warning {{call to 'event_base_loop' in the child uses the libevent event base 'base'}}
    _exit(0);
  }
}

// Through a function that uses its parameter: reported at the call.
void worker_through_call(struct event_base *base) {
  if (fork() == 0) {
    serve(base); // expected-warning {{call to 'serve' in the child reaches 'event_base_dispatch', which uses the libevent event base from before the fork without calling 'event_reinit' first}}
    _exit(0);
  }
}

// A global base, used by a function that names it.
static struct event_base *main_base;
static void run_main_loop(void) { event_base_dispatch(main_base); }

// The program's own daemonize(), which returns only in the child of its
// fork: everything after its call is the child's, as after daemon().
static void daemonize(void) {
  if (fork() > 0)
    exit(0);
  setsid();
}

void daemonized_loop(void) {
  struct event_base *base = event_base_new();
  daemonize();
  event_base_dispatch(base); // expected-warning {{call to 'event_base_dispatch' in the child uses the libevent event base 'base' from before the fork without calling 'event_reinit' first}}
}

void daemonized_loop_reinit(void) {
  struct event_base *base = event_base_new();
  daemonize();
  event_reinit(base);
  event_base_dispatch(base);
}

int main(void) {
  main_base = event_base_new();
  // daemon(): everything after it is the child's.
  if (daemon(0, 0) < 0)
    return 1;
  run_main_loop(); // expected-warning {{call to 'run_main_loop' in the child reaches 'event_base_dispatch', which uses the libevent event base 'main_base' from before the fork without calling 'event_reinit' first}}
  return 0;
}
