// A function with no body outside system headers is unknown: not reported
// in one translation unit unless unknown=unsafe. So is a call through a
// function pointer.
// RUN: %forksafe_cc -Xclang -verify=ignore -Xclang -verify-ignore-unexpected=note %s
// RUN: %forksafe_cc -fplugin-arg-forksafe-unknown=ignore -Xclang -verify=ignore -Xclang -verify-ignore-unexpected=note %s
// RUN: %forksafe_cc -fplugin-arg-forksafe-unknown=unsafe -Xclang -verify=unsafe -Xclang -verify-ignore-unexpected=note %s
// ignore-no-diagnostics

#include <pthread.h>
#include <unistd.h>

static void *spin(void *arg) { for (;;) pause(); }
void defined_elsewhere(void);
static void calls_unknown(void) { defined_elsewhere(); }
// Set by code the analysis does not see: its callee is unknown.
extern void (*external_hook)(void);

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  void (*hook)(void) = defined_elsewhere;
  if (fork() == 0) {
    defined_elsewhere(); // unsafe-warning {{call to 'defined_elsewhere' in the child of a multithreaded process, which may not be async-signal-safe}}
    calls_unknown(); // unsafe-warning {{call to 'calls_unknown' in the child of a multithreaded process reaches 'defined_elsewhere', which may not be async-signal-safe}}
    hook(); // unsafe-warning {{call to 'hook' in the child of a multithreaded process reaches 'defined_elsewhere', which may not be async-signal-safe}}
    external_hook(); // unsafe-warning {{call to 'a function pointer' in the child}}
    _exit(0);
  }
  return 0;
}
