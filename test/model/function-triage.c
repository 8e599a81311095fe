// In a C unit that is modelled, the bodies lowered are those of the
// functions from which calls lead to a function that may lead to findings
// (a fork here), and what those call; and what is called from main, from
// functions that take a function's address (or move a function value,
// start a thread or register a handler: function-triage-values.c) or
// unbuffer a stream, and from initialisers. The plugin's -ftime-trace says
// how many of the unit's bodies it lowers.
// DEFINE: %{trace} = -Xclang -ftime-trace-granularity=0 -Xclang -ftime-trace=%t
// DEFINE: %{traced_cc} = %forksafe_cc %{trace}/
// RUN: rm -rf %t && mkdir %t
//
// The fork, its caller and what its child calls; not 'unrelated' nor
// 'chatter', which calls what the child calls but is not called from it.
// RUN: %{traced_cc}base.json %s
// RUN: FileCheck %s --check-prefix=BASE < %t/base.json
// BASE: "name":"forksafe model","args":{"detail":"lowering 3 of 5 function bodies"}
//
// A call through a pointer may reach any function whose address is taken:
// the caller is kept as the fork's are, and the initialiser's function too.
// RUN: %{traced_cc}indirect.json -DINDIRECT %s
// RUN: FileCheck %s --check-prefix=INDIRECT < %t/indirect.json
// INDIRECT: "lowering 5 of 6 function bodies"
//
// The function that takes an address, and the one it names.
// RUN: %{traced_cc}address.json -DADDRESS %s
// RUN: FileCheck %s --check-prefix=ADDRESS < %t/address.json
// ADDRESS: "lowering 5 of 7 function bodies"
//
// A stream made unbuffered anywhere is unbuffered at every fork.
// RUN: %{traced_cc}unbuffer.json -DUNBUFFER %s
// RUN: FileCheck %s --check-prefix=UNBUFFER < %t/unbuffer.json
// UNBUFFER: "lowering 4 of 6 function bodies"
//
// A cleanup function is called where its variable's scope ends.
// RUN: %{traced_cc}cleanup.json -DCLEANUP %s
// RUN: FileCheck %s --check-prefix=CLEANUP < %t/cleanup.json
// CLEANUP: "lowering 5 of 7 function bodies"
//
// main, and what it calls.
// RUN: %{traced_cc}main.json -DMAIN %s
// RUN: FileCheck %s --check-prefix=MAIN < %t/main.json
// MAIN: "lowering 5 of 6 function bodies"
//
// A C++ unit is lowered whole.
// RUN: %forksafe_cxx %{trace}/cxx.json -x c++ %s
// RUN: FileCheck %s --check-prefix=CXX < %t/cxx.json
// CXX: "name":"forksafe model"
// CXX-NOT: lowering
//
// The diagnostics are those of the whole model, with which a summary
// directory (for the whole-program run) is written.
// DEFINE: %{all} = -DINDIRECT -DADDRESS -DCLEANUP -DMAIN
// RUN: %forksafe_cc %{all} %s 2> %t/triaged.txt
// RUN: %forksafe_cc %{all} -fplugin-arg-forksafe-summary-dir=%t/summaries %s 2> %t/whole.txt
// RUN: FileCheck %s --check-prefix=DIAG < %t/triaged.txt
// RUN: diff %t/triaged.txt %t/whole.txt
// DIAG-DAG: warning: output written to 'stdout' before 'fork'
// DIAG-DAG: warning: call to 'log_line' in the child of a multithreaded process reaches 'puts'
//
// RUN: %forksafe_cc %{all} -DUNBUFFER %s 2> %t/unbuffered.txt
// RUN: %forksafe_cc %{all} -DUNBUFFER -fplugin-arg-forksafe-summary-dir=%t/summaries %s 2> %t/unbuffered-whole.txt
// RUN: FileCheck %s --check-prefix=UNBUFFERED < %t/unbuffered.txt
// RUN: diff %t/unbuffered.txt %t/unbuffered-whole.txt
// UNBUFFERED-NOT: before 'fork'
// UNBUFFERED: warning: call to 'log_line' in the child of a multithreaded process reaches 'puts'
// UNBUFFERED-NOT: before 'fork'
//
// clang-tidy's checks share the plan.
// RUN: %clang_tidy -checks='-*,forksafe-*' %s -- %{all} -std=gnu11 2>&1 | FileCheck %s --check-prefix=TIDY
// TIDY-DAG: warning: output written to 'stdout' before 'fork' {{.*}}[forksafe-fork-with-unflushed-stdio]
// TIDY-DAG: warning: call to 'log_line' in the child of a multithreaded process reaches 'puts'{{.*}}[forksafe-unsafe-call-in-child]

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#ifdef __cplusplus
extern "C"
#endif
int g(int);

int unrelated(void) { return g(1) + g(2); }

static void log_line(const char *s) { puts(s); }

void spawn(void) {
  if (fork() == 0) {
    log_line("child");
    fflush(stdout);
    _exit(0);
  }
}

void start(void) { spawn(); }

void chatter(void) { log_line("parent"); }

#ifdef INDIRECT
int (*hook)(void) = unrelated;
int call_hook(void) { return hook(); }
#endif

#ifdef ADDRESS
static void *worker(void *arg) { return arg; }
void start_worker(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
}
#endif

#ifdef UNBUFFER
void unbuffered_output(void) { setvbuf(stdout, NULL, _IONBF, 0); }
#endif

#ifdef CLEANUP
static void forget(int *p) { g(*p); }
void scoped(void) {
  int x __attribute__((cleanup(forget))) = 0;
  start();
}
#endif

#ifdef MAIN
int main(void) {
#ifdef ADDRESS
  start_worker();
#endif
  printf("starting\n");
  start();
  return unrelated();
}
#endif
