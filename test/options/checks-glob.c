// checks= takes clang-tidy's globs: later ones win, starting from all
// checks enabled; names may carry the forksafe- prefix.
// RUN: %forksafe_cc -Xclang -verify=all -Xclang -verify-ignore-unexpected=note %s
// RUN: %forksafe_cc -fplugin-arg-forksafe-checks=-*,fork-* -Xclang -verify=fork -Xclang -verify-ignore-unexpected=note %s
// RUN: %forksafe_cc -fplugin-arg-forksafe-checks=-exit-in-child -Xclang -verify=noexit -Xclang -verify-ignore-unexpected=note %s
// RUN: %forksafe_cc -fplugin-arg-forksafe-checks=-*,forksafe-exit-in-child -Xclang -verify=exit -Xclang -verify-ignore-unexpected=note %s
// RUN: %forksafe_cc -fplugin-arg-forksafe-checks=-* -Xclang -verify=none %s
// RUN: %forksafe_cc "-fplugin-arg-forksafe-checks= -* , ,fork-with-threads" -Xclang -verify=fork -Xclang -verify-ignore-unexpected=note %s
// none-no-diagnostics

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

static void *spin(void *arg) { for (;;) pause(); }

int main(int argc, char **argv) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  fork(); // all-warning {{[forksafe-fork-with-threads]}} fork-warning {{[forksafe-fork-with-threads]}} noexit-warning {{[forksafe-fork-with-threads]}}
  if (fork() == 0)
    exit(1); // all-warning {{[forksafe-exit-in-child]}} exit-warning {{[forksafe-exit-in-child]}} noexit-warning {{[forksafe-unsafe-call-in-child]}}
  return 0;
}
