// A project's Unsafe functions take a lock or allocate, as far as the
// witness goes: one is named before sysconf, which takes no lock, even
// when it comes later, and ties with malloc go to the first call.
// RUN: %forksafe_cc -fplugin-arg-forksafe-profile=posix -fplugin-arg-forksafe-config=%S/Inputs/unsafe.yaml -Xclang -verify %s

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

void take_registry_lock(void);

static void *spin(void *arg) { for (;;) pause(); }

static void register_child(void) { // expected-note {{'register_child' also reaches 'malloc', 'free', 'sysconf'}}
  sysconf(_SC_OPEN_MAX);
  take_registry_lock(); // expected-note {{'register_child' calls 'take_registry_lock' here}}
  free(malloc(8));
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL); // expected-note {{a thread started here may still be running}}
  if (fork() == 0) { // expected-note {{the child of 'fork' starts here}}
    register_child(); // expected-warning {{call to 'register_child' in the child of a multithreaded process reaches 'take_registry_lock', which is not async-signal-safe}} \
                      // expected-note {{do this before the fork, or use posix_spawn}}
    _exit(0);
  }
  return 0;
}
