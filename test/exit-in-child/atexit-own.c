// A child that registers its own atexit handler means exit() to run it.
// RUN: %forksafe_cc -Xclang -verify %s
// expected-no-diagnostics

#include <stdlib.h>
#include <unistd.h>

void serve(void);
static void child_cleanup(void) {}

int main(void) {
  if (fork() == 0) {
    atexit(child_cleanup);
    serve();
    exit(0);
  }
  return 0;
}
