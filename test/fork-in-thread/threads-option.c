// threads=none: nothing is multithreaded, not even a thread routine.
// RUN: %forksafe_cc -fplugin-arg-forksafe-threads=none -Xclang -verify %s
// RUN: %forksafe_cc -fplugin-arg-forksafe-threads=auto -Xclang -verify=auto -Xclang -verify-ignore-unexpected=note %s
// RUN: %forksafe_cc -fplugin-arg-forksafe-threads=assume -Xclang -verify=auto -Xclang -verify-ignore-unexpected=note %s
// expected-no-diagnostics

#include <pthread.h>
#include <unistd.h>

static void *routine(void *arg) {
  fork(); // auto-warning {{[forksafe-fork-in-thread]}}
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, routine, NULL);
  return 0;
}
