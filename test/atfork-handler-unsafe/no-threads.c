// No thread in sight: the handler runs in the child of a single-threaded
// process, where any call is fine.
// RUN: %forksafe_cc -fplugin-arg-forksafe-profile=posix -fplugin-arg-forksafe-checks=atfork-handler-unsafe -Xclang -verify %s
// RUN: %forksafe_cc -fplugin-arg-forksafe-profile=posix -fplugin-arg-forksafe-checks=atfork-handler-unsafe -fplugin-arg-forksafe-threads=assume %s 2>&1 | FileCheck %s
// RUN: printf "Checks: 'atfork-handler-unsafe'\nThreads: assume\n" > %t.yaml
// RUN: %forksafe_cc -fplugin-arg-forksafe-profile=posix -fplugin-arg-forksafe-config=%t.yaml %s 2>&1 | FileCheck %s
// expected-no-diagnostics

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

static char *cache;

static void drop_cache(void) { free(cache); }

int main(void) {
  pthread_atfork(0, 0, drop_cache);
  if (fork() == 0)
    _exit(0);
  return 0;
}

// CHECK: warning: call to 'free' in the atfork child handler 'drop_cache', which is not async-signal-safe [forksafe-atfork-handler-unsafe]
// CHECK: note: other threads are assumed to run everywhere (threads=assume)
