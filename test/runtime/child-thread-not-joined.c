// A child that ends while a thread it started still runs: at _exit, at
// exit, at a return from main, at an exec (which ends the threads too).
// A thread joined before, or that has finished, is not reported; neither
// are the parent's threads.
// RUN: %clang -g -fno-omit-frame-pointer -pthread %s -o %t
// RUN: env FORKSAFE_RT_FORMAT=json LD_PRELOAD=%forksafe_rt %t _exit 2>&1 | FileCheck %s --check-prefix=UNDERSCORE --implicit-check-not=forksafe-rt
// RUN: env FORKSAFE_RT_FORMAT=json LD_PRELOAD=%forksafe_rt %t exit 2>&1 | FileCheck %s --check-prefix=EXIT --implicit-check-not=forksafe-rt
// RUN: env FORKSAFE_RT_FORMAT=json LD_PRELOAD=%forksafe_rt %t return 2>&1 | FileCheck %s --check-prefix=RETURN --implicit-check-not=forksafe-rt
// RUN: env FORKSAFE_RT_FORMAT=json LD_PRELOAD=%forksafe_rt %t exec 2>&1 | FileCheck %s --check-prefix=EXEC --implicit-check-not=forksafe-rt
// RUN: env FORKSAFE_RT_FORMAT=json LD_PRELOAD=%forksafe_rt %t joined 2>&1 | FileCheck %s --check-prefix=JOINED --implicit-check-not=forksafe-rt
// RUN: env FORKSAFE_RT_FORMAT=json LD_PRELOAD=%forksafe_rt %t finished 2>&1 | FileCheck %s --check-prefix=FINISHED --implicit-check-not=forksafe-rt
// A thread that ends by pthread_exit, or is cancelled, has ended too.
// RUN: env FORKSAFE_RT_FORMAT=json LD_PRELOAD=%forksafe_rt %t ended 2>&1 | FileCheck %s --check-prefix=FINISHED --implicit-check-not=forksafe-rt
// RUN: env FORKSAFE_RT_FORMAT=json LD_PRELOAD=%forksafe_rt %t parent 2>&1 | FileCheck %s --check-prefix=PARENT --implicit-check-not=forksafe-rt

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int gate[2];

/* Runs until the gate opens, which never happens in the child. */
static void *wait_at_gate(void *arg) {
  char c;
  read(gate[0], &c, 1);
  return arg;
}

static void *quick(void *arg) { return arg; }

static void *exits(void *arg) { pthread_exit(arg); }

static void done(void) { write(1, "child done\n", 11); }

/* Waits until the calling thread is the process's only one: a detached
 * thread that has left /proc/self/task has run its cleanup handlers. */
static void wait_until_alone(void) {
  for (int tries = 0; tries < 10000; tries++) {
    DIR *tasks = opendir("/proc/self/task");
    int threads = 0;
    while (readdir(tasks))
      threads++;
    closedir(tasks);
    if (threads == 3) /* ".", ".." and this thread */
      return;
    usleep(1000);
  }
}

int main(int argc, char **argv) {
  const char *mode = argv[1];
  pipe(gate);
  if (strcmp(mode, "parent") == 0) {
    pthread_t t;
    pthread_create(&t, NULL, wait_at_gate, NULL);
    mode = "_exit";
  }
  pid_t pid = fork();
  if (pid == 0) {
    pthread_t t, u;
    if (strcmp(mode, "finished") == 0) {
      pthread_create(&t, NULL, quick, NULL);
      pthread_join(t, NULL);
      pthread_create(&u, NULL, quick, NULL);
      pthread_detach(u);
      wait_until_alone();
      done();
      _exit(0);
    }
    if (strcmp(mode, "ended") == 0) {
      pthread_create(&t, NULL, exits, NULL);
      pthread_join(t, NULL);
      pthread_create(&u, NULL, wait_at_gate, NULL);
      pthread_cancel(u);
      pthread_join(u, NULL);
      done();
      _exit(0);
    }
    pthread_create(&t, NULL, wait_at_gate, NULL);
    pthread_create(&u, NULL, wait_at_gate, NULL);
    pthread_detach(u);
    if (strcmp(mode, "joined") == 0) {
      write(gate[1], "xx", 2);
      pthread_join(t, NULL);
      wait_until_alone();
      done();
      _exit(0);
    }
    done();
    if (strcmp(mode, "exit") == 0)
      exit(0);
    if (strcmp(mode, "return") == 0)
      return 0;
    if (strcmp(mode, "exec") == 0)
      execl("/bin/true", "true", (char *)NULL);
    _exit(0);
  }
  int status;
  waitpid(pid, &status, 0);
  printf("child exited %d\n", WEXITSTATUS(status));
  return 0;
}

// UNDERSCORE: child done
// UNDERSCORE-NEXT: {"tool":"forksafe-rt","check":"child-thread-not-joined","pid":{{[0-9]+}},"message":"the child ends (_exit) while 2 threads it started are still running, and is killed mid-work; join them first","function":"_exit","threads_running":2,"fork":{"function":"fork","parent_pid":{{[0-9]+}},"threads":1,"main_thread":true},"backtrace":["{{.*}}child-thread-not-joined.c.tmp+0x{{.*}}"
// UNDERSCORE-NEXT: child exited 0
// EXIT: {"tool":"forksafe-rt","check":"child-thread-not-joined",{{.*}}"message":"the child ends (exit) while 2 threads
// RETURN: {"tool":"forksafe-rt","check":"child-thread-not-joined",{{.*}}"message":"the child ends (return from 'main') while 2 threads
// EXEC: {"tool":"forksafe-rt","check":"child-thread-not-joined",{{.*}}"message":"the child ends (execl) while 2 threads
// JOINED: child done
// JOINED-NEXT: child exited 0
// FINISHED: child done
// FINISHED-NEXT: child exited 0
// In the child of a multithreaded parent, starting a thread is itself an
// unsafe call; what pthread_create calls (its stack, its thread-local
// storage) is not reported on its own.
// PARENT: {"tool":"forksafe-rt","check":"fork-with-threads",{{.*}}"message":"'fork' was called while the process had 2 threads, and its child went on to call 'pthread_create' before any exec"
// PARENT-NEXT: {"tool":"forksafe-rt","check":"unsafe-call-in-child",{{.*}}"function":"pthread_create"
// PARENT-NEXT: child done
// PARENT-NEXT: {"tool":"forksafe-rt","check":"child-thread-not-joined",{{.*}}"message":"the child ends (_exit) while 2 threads
