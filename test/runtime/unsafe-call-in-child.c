// The child of a multithreaded process calls malloc before it execs: the
// fork is reported (the child went on), then the call, once per function,
// and what malloc calls is not reported on its own.
// RUN: %clang -g -fno-omit-frame-pointer -pthread %s -o %t
// RUN: env FORKSAFE_RT_FORMAT=json LD_PRELOAD=%forksafe_rt %t 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not=forksafe-rt

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void *idle(void *arg) {
  for (;;)
    pause();
  return arg;
}

static void child(void) {
  for (int i = 0; i < 100; i++)
    free(malloc(64));
  char line[64];
  snprintf(line, sizeof line, "child %d\n", 1);
  write(1, line, strlen(line));
  _exit(0);
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, idle, NULL);
  pid_t pid = fork();
  if (pid == 0)
    child();
  int status;
  waitpid(pid, &status, 0);
  printf("parent: child exited %d\n", WEXITSTATUS(status));
  return 0;
}

// CHECK: {"tool":"forksafe-rt","check":"fork-with-threads","pid":[[CHILD:[0-9]+]],"message":"'fork' was called while the process had 2 threads, and its child went on to call 'malloc' before any exec","fork":{"function":"fork","parent_pid":[[PARENT:[0-9]+]],"threads":2,"main_thread":true},"backtrace":["{{[^"]*}}unsafe-call-in-child.c.tmp+0x{{[0-9a-f]+}}",{{.*}}]}
// CHECK-NEXT: {"tool":"forksafe-rt","check":"unsafe-call-in-child","pid":[[CHILD]],"message":"call to 'malloc', which is not async-signal-safe, in the child of a multithreaded process (2 threads at 'fork') before any exec","function":"malloc","fork":{"function":"fork","parent_pid":[[PARENT]],"threads":2,"main_thread":true},"backtrace":["{{[^"]*}}.tmp+0x{{[0-9a-f]+}}",{{.*}}],"fork_backtrace":["{{[^"]*}}.tmp+0x{{[0-9a-f]+}}",{{.*}}]}
// CHECK-NEXT: {{.*}}"check":"unsafe-call-in-child","pid":[[CHILD]],"message":"call to 'free',{{.*}}"function":"free"
// CHECK-NEXT: {{.*}}"check":"unsafe-call-in-child","pid":[[CHILD]],"message":"call to 'snprintf',{{.*}}"function":"snprintf"
// CHECK-NEXT: child 1
// CHECK-NEXT: parent: child exited 0
