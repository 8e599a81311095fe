// A host that forks for you: functions the project names in ChildEntries
// run in a child the host forked, so their bodies are child regions, and a
// return ends the child (the host exits). The child is multithreaded when
// the entry says Multithreaded, or by the usual rules (threads=assume, a
// caller in a multithreaded context).
// RUN: %forksafe_cc -fplugin-arg-forksafe-config=%S/Inputs/child-entries.yaml -Xclang -verify -Xclang -verify-ignore-unexpected=note %s
// RUN: %forksafe_cc -fplugin-arg-forksafe-config=%S/Inputs/child-entries.yaml %s 2>&1 | FileCheck %s
// RUN: %forksafe_cc -fplugin-arg-forksafe-config=%S/Inputs/child-entries.yaml -fplugin-arg-forksafe-threads=assume %s 2>&1 | FileCheck %s --check-prefix=ASSUME
// clang-tidy reads the key from the .forksafe.yaml it finds upward.
// RUN: rm -rf %t && mkdir -p %t/src && cp %s %t/src/child-entries.c && cp %S/Inputs/child-entries.yaml %t/.forksafe.yaml
// RUN: %clang_tidy -checks='-*,forksafe-*' %t/src/child-entries.c -- 2>&1 | FileCheck %s --check-prefix=TIDY
// TIDY: child-entries.c:34:3: warning: call to 'puts' in the child of a multithreaded process, which is not async-signal-safe [forksafe-unsafe-call-in-child]
// Without the key, nothing: no fork is seen.
// RUN: %forksafe_cc -Werror %s

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void *work(void *arg) { for (;;) pause(); }

// The host's parent has no threads: only what the child does itself.
void bgworker_main(int arg) {
  pthread_t t;
  pthread_create(&t, NULL, work, NULL); // expected-warning {{thread started in the child of 'bgworker_main' is not joined before the child exits [forksafe-child-thread-not-joined]}}
  printf("worker %d\n", arg); // single-threaded host: nothing to say
  if (arg)
    exit(1);
}

// A multithreaded host: the body is a multithreaded child's.
void plugin_child_init(void) {
  puts("child up"); // expected-warning {{call to 'puts' in the child of a multithreaded process, which is not async-signal-safe [forksafe-unsafe-call-in-child]}}
  exit(0);          // expected-warning {{'exit' in the child of a multithreaded process}}
}

// Not an entry: the same body says nothing.
void ordinary(void) {
  puts("parent");
  exit(0);
}

// CHECK: child-entries.c:26:3: warning: thread started in the child of 'bgworker_main'
// CHECK: note: 'bgworker_main' runs in a child that its host forked (ChildEntries)
// CHECK: note: the child exits here while the thread may still run
// CHECK: warning: call to 'puts' in the child of a multithreaded process
// CHECK: note: the project says the host that runs 'plugin_child_init' in a forked child has other threads (ChildEntries)
// ASSUME: child-entries.c:27:3: warning: call to 'printf' in the child of a multithreaded process
// ASSUME: child-entries.c:29:5: warning: 'exit' in the child of a multithreaded process
