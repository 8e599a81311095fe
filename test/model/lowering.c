// The extractor's model of a function: blocks, calls, returns, and the tests
// of call results on edges (<: below -1, -: -1, 0: zero, +: positive).
// RUN: %forksafe_cc -fplugin-arg-forksafe-dump-model %s | FileCheck %s

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

static void *routine(void *arg) { return arg; }

void spawn(char **argv) {
  pthread_t t;
  pthread_create(&t, NULL, routine, NULL);
  pid_t pid = fork();
  if (pid == 0) {
    execv(argv[0], argv);
    _exit(127);
  }
  if (pid < 0)
    abort();
  pthread_join(t, NULL);
}
// CHECK-LABEL: function spawn
// CHECK:      #0 call pthread_create [0 handle=local:t] [1 null] [2 fn=routine]
// CHECK-NEXT: #1 call fork
// CHECK-NEXT: -> [[CHILD:[0-9]+]] if #1 in 0
// CHECK-NEXT: -> [[NOTCHILD:[0-9]+]] if #1 in <-+
// CHECK:      block [[CHILD]]
// CHECK-NEXT: #{{[0-9]+}} call execv
// CHECK-NEXT: #{{[0-9]+}} call _exit noreturn
// CHECK-NOT:  ->
// CHECK:      block [[NOTCHILD]]
// CHECK-NEXT: -> {{[0-9]+}} if #1 in <-
// CHECK-NEXT: -> {{[0-9]+}} if #1 in 0+

pid_t wrapper(void) {
  pid_t p = fork();
  return p;
}
// CHECK-LABEL: function wrapper
// CHECK:      #0 call fork
// CHECK-NEXT: return value-of-call=0

int classify(void) {
  switch (wrapper()) {
  case -1:
    return -1;
  case 0:
    return 0;
  default:
    return 1;
  }
}
// CHECK-LABEL: function classify
// CHECK:      #0 call wrapper
// CHECK-DAG:  -> {{[0-9]+}} if #0 in -{{$}}
// CHECK-DAG:  -> {{[0-9]+}} if #0 in 0{{$}}
// CHECK-DAG:  -> {{[0-9]+}} if #0 in <+{{$}}

void falls_off(void) {}
// CHECK-LABEL: function falls_off
// CHECK: return(implicit)
