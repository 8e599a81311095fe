// daemon() in a multithreaded process: its child always goes on running
// the program, so the fork is reported at once, in the daemon, whose
// stderr daemon(0, 0) points at /dev/null: the report goes to the log.
// RUN: %clang -g -fno-omit-frame-pointer -pthread %s -o %t
// RUN: rm -f %t.log %t.done
// RUN: env FORKSAFE_RT_FORMAT=json FORKSAFE_RT_LOG=%t.log LD_PRELOAD=%forksafe_rt %t %t.done
// RUN: %python %S/Inputs/wait_for.py %t.done
// RUN: FileCheck %s < %t.log
// Without threads, daemon() is fine.
// RUN: rm -f %t.log %t.done
// RUN: env FORKSAFE_RT_FORMAT=json FORKSAFE_RT_LOG=%t.log LD_PRELOAD=%forksafe_rt %t %t.done single
// RUN: %python %S/Inputs/wait_for.py %t.done
// RUN: not test -e %t.log

#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

static void *idle(void *arg) {
  for (;;)
    pause();
  return arg;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    pthread_t t;
    pthread_create(&t, NULL, idle, NULL);
  }
  if (daemon(0, 0) < 0)
    return 1;
  /* The daemon: says it is done, and goes. */
  close(open(argv[1], O_WRONLY | O_CREAT, 0644));
  _exit(0);
}

// CHECK: {"tool":"forksafe-rt","check":"fork-with-threads","pid":{{[0-9]+}},"message":"'daemon' was called while the process had 2 threads, and its child goes on running the program","fork":{"function":"daemon","parent_pid":{{[0-9]+}},"threads":2,"main_thread":true},"backtrace":["{{.*}}daemon.c.tmp+0x{{.*}}
// CHECK-NOT: forksafe-rt
