// clang-tidy reports what the compiler plugin does: the warning with its
// check name, the notes that explain it, and the fix-it.
// RUN: %clang_tidy -checks='-*,forksafe-*' -config='{CheckOptions: {Profile: posix}}' %s -- -std=gnu11 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not=warning:

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

static void *flush_loop(void *arg) { return arg; }

int main(int argc, char **argv) {
  pthread_t flusher;
  pthread_create(&flusher, NULL, flush_loop, NULL);
  pid_t pid = fork();
  if (pid == 0) {
    char *copy = malloc(16);
    execv(argv[1], argv + 1);
    exit(127);
    free(copy);
  }
  return argc;
}

// CHECK: diagnostics.c:17:18: warning: call to 'malloc' in the child of a multithreaded process, which is not async-signal-safe [forksafe-unsafe-call-in-child]
// CHECK-NEXT: char *copy = malloc(16);
// CHECK: diagnostics.c:14:3: note: a thread started here may still be running
// CHECK: diagnostics.c:15:15: note: the child of 'fork' starts here
// CHECK: diagnostics.c:17:18: note: do this before the fork, or use posix_spawn
// CHECK: diagnostics.c:19:5: warning: 'exit' after a failed exec runs the parent's atexit handlers and flushes its stdio buffers a second time; call '_exit' instead [forksafe-exit-in-child]
// CHECK-NEXT: exit(127);
// CHECK-NEXT: ^~~~
// CHECK-NEXT: _exit
// CHECK: diagnostics.c:15:15: note: the child of 'fork' starts here
// CHECK: diagnostics.c:18:5: note: if this exec fails, the child goes on
