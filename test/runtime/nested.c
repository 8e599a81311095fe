// Each process has its own state: the child of a multithreaded parent is
// watched; its own child, forked while it is single-threaded, is not, and
// reports nothing of its own; a report made in one process does not keep
// another from reporting.
// RUN: %clang -g -pthread %s -o %t
// RUN: env FORKSAFE_RT_FORMAT=json LD_PRELOAD=%forksafe_rt %t 2>&1 | FileCheck %s --implicit-check-not=forksafe-rt

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void *idle(void *arg) {
  for (;;)
    pause();
  return arg;
}

static void say(const char *who) {
  char line[64];
  int n = snprintf(line, sizeof line, "%s %d\n", who, (int)getpid());
  write(1, line, n);
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, idle, NULL);
  for (int i = 0; i < 2; i++) {
    pid_t pid = fork();
    if (pid == 0) {
      free(malloc(16));
      pid_t grandchild = fork();
      if (grandchild == 0) {
        free(malloc(16));
        say("grandchild");
        _exit(0);
      }
      waitpid(grandchild, NULL, 0);
      say("child");
      _exit(0);
    }
    waitpid(pid, NULL, 0);
  }
  return 0;
}

// Two children, each reports the fork and its own first malloc, free and
// snprintf; the grandchildren report nothing.
// CHECK: {"tool":"forksafe-rt","check":"fork-with-threads","pid":[[C1:[0-9]+]],{{.*}}"threads":2
// CHECK-NEXT: {"tool":"forksafe-rt","check":"unsafe-call-in-child","pid":[[C1]],{{.*}}"function":"malloc"
// CHECK-NEXT: {"tool":"forksafe-rt","check":"unsafe-call-in-child","pid":[[C1]],{{.*}}"function":"free"
// CHECK-NEXT: grandchild
// CHECK-NEXT: {"tool":"forksafe-rt","check":"unsafe-call-in-child","pid":[[C1]],{{.*}}"function":"snprintf"
// CHECK-NEXT: child [[C1]]
// CHECK-NEXT: {"tool":"forksafe-rt","check":"fork-with-threads","pid":[[C2:[0-9]+]],{{.*}}"threads":2
// CHECK-NEXT: {"tool":"forksafe-rt","check":"unsafe-call-in-child","pid":[[C2]],{{.*}}"function":"malloc"
// CHECK-NEXT: {"tool":"forksafe-rt","check":"unsafe-call-in-child","pid":[[C2]],{{.*}}"function":"free"
// CHECK-NEXT: grandchild
// CHECK-NEXT: {"tool":"forksafe-rt","check":"unsafe-call-in-child","pid":[[C2]],{{.*}}"function":"snprintf"
// CHECK-NEXT: child [[C2]]
