// exit() in a child after a failed exec, in any program; exit() in the
// child of a multithreaded process; a return from main after a failed exec.
// _exit after a failed exec, and exit() in the child of a single-threaded
// process that never tried to exec, are correct. errno survives the
// wrappers of the failed exec.
// RUN: %clang -g -fno-omit-frame-pointer -pthread %s -o %t
// RUN: env FORKSAFE_RT_FORMAT=json LD_PRELOAD=%forksafe_rt %t exit 2>&1 | FileCheck %s --check-prefix=EXIT --implicit-check-not=forksafe-rt
// RUN: env FORKSAFE_RT_FORMAT=json LD_PRELOAD=%forksafe_rt %t return 2>&1 | FileCheck %s --check-prefix=RETURN --implicit-check-not=forksafe-rt
// RUN: env FORKSAFE_RT_FORMAT=json LD_PRELOAD=%forksafe_rt %t threads 2>&1 | FileCheck %s --check-prefix=THREADS --implicit-check-not=forksafe-rt
// RUN: env FORKSAFE_RT_FORMAT=json LD_PRELOAD=%forksafe_rt %t _exit 2>&1 | FileCheck %s --check-prefix=UNDERSCORE --implicit-check-not=forksafe-rt
// RUN: env FORKSAFE_RT_FORMAT=json LD_PRELOAD=%forksafe_rt %t no-exec 2>&1 | FileCheck %s --check-prefix=NO-EXEC --implicit-check-not=forksafe-rt

#include <errno.h>
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

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "exit";
  if (strcmp(mode, "threads") == 0) {
    pthread_t t;
    pthread_create(&t, NULL, idle, NULL);
  }
  pid_t pid = fork();
  if (pid == 0) {
    if (strcmp(mode, "threads") == 0 || strcmp(mode, "no-exec") == 0)
      exit(3);
    execl("/nonexistent/program", "program", (char *)NULL);
    int error = errno;
    if (strcmp(mode, "_exit") == 0)
      _exit(error == ENOENT ? 4 : 5);
    if (strcmp(mode, "return") == 0)
      return error == ENOENT ? 6 : 7;
    exit(error == ENOENT ? 8 : 9);
  }
  int status;
  waitpid(pid, &status, 0);
  printf("child exited %d\n", WEXITSTATUS(status));
  return 0;
}

// EXIT: {"tool":"forksafe-rt","check":"exit-in-child","pid":{{[0-9]+}},"message":"'exit' after a failed exec runs the parent's atexit handlers and flushes its stdio buffers a second time; call '_exit' instead","function":"exit","fork":{"function":"fork","parent_pid":{{[0-9]+}},"threads":1,"main_thread":true},"backtrace":["{{.*}}exit-in-child.c.tmp+0x{{.*}}"
// EXIT: child exited 8

// RETURN: {"tool":"forksafe-rt","check":"exit-in-child",{{.*}}"message":"the return from 'main' (an 'exit') after a failed exec runs the parent's atexit handlers
// RETURN: child exited 6

// THREADS: {"tool":"forksafe-rt","check":"fork-with-threads",{{.*}}"message":"'fork' was called while the process had 2 threads, and its child went on to call 'exit' before any exec"
// THREADS-NEXT: {"tool":"forksafe-rt","check":"exit-in-child",{{.*}}"message":"'exit' in the child of a multithreaded process (2 threads at 'fork') runs the parent's atexit handlers and flushes its stdio buffers, whose locks other threads may have held; call '_exit' instead"
// THREADS-NEXT: child exited 3

// UNDERSCORE: child exited 4
// NO-EXEC: child exited 3
