// What an unsafe call calls is not reported on its own: printf allocates
// stdout's buffer, and only printf is reported. _Fork and forkpty are fork
// sites like fork.
// RUN: %clang -g -fno-omit-frame-pointer -pthread %s -o %t
// RUN: env FORKSAFE_RT_FORMAT=json LD_PRELOAD=%forksafe_rt %t fork 2>&1 | FileCheck %s --check-prefixes=CHECK,FORK --implicit-check-not='"function":"malloc"'
// RUN: env FORKSAFE_RT_FORMAT=json LD_PRELOAD=%forksafe_rt %t _Fork 2>&1 | FileCheck %s --check-prefixes=CHECK,UFORK --implicit-check-not='"function":"malloc"'
// forkpty makes the terminal the child's stderr: the report goes to the log.
// RUN: rm -f %t.log
// RUN: env FORKSAFE_RT_FORMAT=json FORKSAFE_RT_LOG=%t.log LD_PRELOAD=%forksafe_rt %t forkpty
// RUN: FileCheck %s --check-prefixes=CHECK,PTY --implicit-check-not='"function":"malloc"' < %t.log

#define _GNU_SOURCE /* _Fork */
#include <pthread.h>
#include <pty.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void *idle(void *arg) {
  for (;;)
    pause();
  return arg;
}

int main(int argc, char **argv) {
  pthread_t t;
  pthread_create(&t, NULL, idle, NULL);
  int master = -1;
  pid_t pid = strcmp(argv[1], "_Fork") == 0     ? _Fork()
              : strcmp(argv[1], "forkpty") == 0 ? forkpty(&master, NULL, NULL, NULL)
                                                : fork();
  if (pid == 0) {
    printf("child %d\n", 1);
    fflush(stdout);
    _exit(0);
  }
  if (master >= 0) {
    char buf[64];
    while (read(master, buf, sizeof buf) > 0)
      ;
  }
  waitpid(pid, NULL, 0);
  return 0;
}

// FORK: {"tool":"forksafe-rt","check":"fork-with-threads",{{.*}}"fork":{"function":"fork"
// UFORK: {"tool":"forksafe-rt","check":"fork-with-threads",{{.*}}"fork":{"function":"_Fork"
// PTY: {"tool":"forksafe-rt","check":"fork-with-threads",{{.*}}"fork":{"function":"forkpty"
// CHECK: {"tool":"forksafe-rt","check":"unsafe-call-in-child",{{.*}}"function":"printf"
// CHECK: {"tool":"forksafe-rt","check":"unsafe-call-in-child",{{.*}}"function":"fflush"
