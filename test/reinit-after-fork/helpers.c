// A re-init made in a helper the child calls counts, for the handle the
// helper is given and for process-wide state; a helper that re-initialises
// on some path only counts too (it is the program's way to do it).
// REQUIRES: libevent
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <event2/event.h>
#include <unistd.h>

static void after_fork_in_child(struct event_base *base) {
  if (event_reinit(base) < 0)
    _exit(1);
}

// A wrapper of the helper.
static void child_setup(struct event_base *base) { after_fork_in_child(base); }

void reinit_in_helper(void) {
  struct event_base *base = event_base_new();
  if (fork() == 0) {
    after_fork_in_child(base);
    event_base_dispatch(base);
    _exit(0);
  }
  event_base_dispatch(base);
}

void reinit_two_levels_down(void) {
  struct event_base *base = event_base_new();
  if (fork() == 0) {
    child_setup(base);
    event_base_dispatch(base);
    _exit(0);
  }
}

// The helper re-initialises another base: this one is still the parent's.
void helper_on_another_base(void) {
  struct event_base *base = event_base_new();
  struct event_base *other = event_base_new();
  if (fork() == 0) {
    after_fork_in_child(other);
    event_base_dispatch(base); // expected-warning {{call to 'event_base_dispatch' in the child uses the libevent event base 'base' from before the fork without calling 'event_reinit' first}}
    _exit(0);
  }
}

// A helper called after the use is too late.
void helper_too_late(void) {
  struct event_base *base = event_base_new();
  if (fork() == 0) {
    event_base_loop(base, EVLOOP_ONCE); // expected-warning {{call to 'event_base_loop' in the child uses the libevent event base 'base'}}
    after_fork_in_child(base);
    _exit(0);
  }
}
