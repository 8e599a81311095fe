// A call through an unknown pointer, in a unit that registers handlers: the
// registrations are found among calls, some of which have no known callee.
// RUN: %forksafe_cc -Xclang -verify %s
// expected-no-diagnostics

#include <stdlib.h>

static void cleanup(void) {}

void run(void (*hook)(void)) {
  atexit(cleanup);
  hook();
}
