// A pthread_atfork child handler runs in the child of every fork: with other
// threads about, it may only do what such a child may, besides unlocking and
// re-initialising the locks the prepare handler took.
// Off by default (docs/evaluation.md (m)): on by name.
// RUN: %forksafe_cc -fplugin-arg-forksafe-profile=posix %s 2>&1 | count 0
// RUN: %forksafe_cc -fplugin-arg-forksafe-profile=posix -fplugin-arg-forksafe-checks=atfork-handler-unsafe -Xclang -verify -Xclang -verify-ignore-unexpected=note %s
// RUN: %forksafe_cc -fplugin-arg-forksafe-profile=posix -fplugin-arg-forksafe-checks=atfork-handler-unsafe %s 2>&1 | FileCheck %s
// RUN: %forksafe_cc -fplugin-arg-forksafe-checks=atfork-handler-unsafe -fplugin-arg-forksafe-profile=glibc %s 2>&1 | FileCheck %s --check-prefix=GLIBC
// RUN: %forksafe_cc -fplugin-arg-forksafe-profile=posix -fplugin-arg-forksafe-checks=atfork-handler-unsafe -fplugin-arg-forksafe-threads=none %s 2>&1 | count 0
// RUN: %forksafe_cc -fplugin-arg-forksafe-profile=posix -fplugin-arg-forksafe-checks=forksafe-* %s 2>&1 | FileCheck %s --check-prefix=ALL
// ALL: warning: call to 'reopen_log' in the atfork child handler

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *log_file;

static void prepare(void) { pthread_mutex_lock(&lock); }
static void parent(void) { pthread_mutex_unlock(&lock); }
static void unlock_all(void) { pthread_mutex_unlock(&lock); }
static void reopen_log(void) {
  fclose(log_file);
  log_file = fopen("/tmp/log", "a");
}

static int saved_cancel_state;
static void reinit_lock(void) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutex_init(&lock, &attr);
  pthread_mutexattr_destroy(&attr);
}

static void child(void) {
  pthread_mutex_unlock(&lock);
  pthread_mutex_init(&lock, 0);
  unlock_all();
  reinit_lock();
  pthread_setcancelstate(saved_cancel_state, 0);
  reopen_log(); // expected-warning {{call to 'reopen_log' in the atfork child handler 'child' reaches 'fclose', which is not async-signal-safe [forksafe-atfork-handler-unsafe]}}
  char *scratch = malloc(16); // expected-warning {{call to 'malloc' in the atfork child handler 'child', which is not async-signal-safe}}
  free(scratch); // expected-warning {{call to 'free' in the atfork child handler 'child', which is not async-signal-safe}}
}

void *flush_loop(void *);

int main(void) {
  pthread_atfork(prepare, parent, child);
  pthread_t flusher;
  pthread_create(&flusher, 0, flush_loop, 0);
  pid_t pid = fork();
  if (pid == 0)
    _exit(0);
  return 0;
}

// CHECK:      basic.c:44:3: warning: call to 'reopen_log' in the atfork child handler 'child' reaches 'fclose'
// CHECK-NEXT: reopen_log();
// CHECK:      basic.c:54:3: note: a thread started here may still be running
// CHECK:      basic.c:55:15: note: the child of 'fork' runs the handler, while other threads may be running at the fork
// CHECK:      basic.c:52:3: note: 'child' is registered here as the child handler
// CHECK:      basic.c:25:3: note: 'reopen_log' calls 'fclose' here

// glibc's fork() resets its allocator in the child: malloc and free are safe
// there under profile=glibc.
// GLIBC:     warning: call to 'reopen_log'
// GLIBC-NOT: warning:
