// A thread that is not the main one forks, and its child goes on: reported
// as fork-in-thread, in the text format by default.
// RUN: %clang -g -fno-omit-frame-pointer -pthread %s -o %t
// RUN: env LD_PRELOAD=%forksafe_rt %t 2>&1 | FileCheck %s

#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static void *worker(void *arg) {
  pid_t pid = fork();
  if (pid == 0) {
    printf("child of a worker %d\n", 1);
    fflush(stdout);
    _exit(0);
  }
  waitpid(pid, NULL, 0);
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  pthread_join(t, NULL);
  return 0;
}

// CHECK: forksafe-rt: warning: pid [[CHILD:[0-9]+]]: 'fork' was called on a thread that is not the main thread (2 threads), and its child went on to call 'printf' before any exec [forksafe-fork-in-thread]
// CHECK-NEXT: forksafe-rt: note: pid [[CHILD]]: the fork was called from
// CHECK-NEXT:     #0 {{.*}}fork-in-thread.c.tmp+0x{{[0-9a-f]+$}}
// CHECK: forksafe-rt: warning: pid [[CHILD]]: call to 'printf', which is not async-signal-safe, in the child of a multithreaded process (2 threads at 'fork', on a thread that is not the main one) before any exec [forksafe-unsafe-call-in-child]
// CHECK-NEXT: forksafe-rt: note: pid [[CHILD]]: called from
// CHECK-NEXT:     #0 {{.*}}fork-in-thread.c.tmp+0x{{[0-9a-f]+$}}
// CHECK: forksafe-rt: note: pid [[CHILD]]: the fork, in pid {{[0-9]+}}, was called from
// CHECK: forksafe-rt: warning: pid [[CHILD]]: call to 'fflush'
// CHECK: child of a worker 1
