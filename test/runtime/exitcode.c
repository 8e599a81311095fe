// A program exits with FORKSAFE_RT_EXITCODE (66 by default, as
// ThreadSanitizer) when anything was reported: by its fork children above
// all, at any depth. It changes the status of a return from main and of
// exit(), not those of the children, which the program may read; 0 keeps
// the program's own.
// RUN: %clang -g -pthread %s -o %t
//
// RUN: sh -c 'env FORKSAFE_RT_EXITCODE=lots LD_PRELOAD=%forksafe_rt %t return; echo status=$?' 2>&1 | FileCheck %s --check-prefixes=BAD,S66
// BAD: forksafe-rt: warning: FORKSAFE_RT_EXITCODE='lots' is not an exit status from 0 to 255; exiting with 66
// RUN: sh -c 'env -u FORKSAFE_RT_EXITCODE LD_PRELOAD=%forksafe_rt %t return; echo status=$?' 2>&1 | FileCheck %s --check-prefixes=REPORT,S66
// RUN: sh -c 'env -u FORKSAFE_RT_EXITCODE LD_PRELOAD=%forksafe_rt %t exit; echo status=$?' 2>&1 | FileCheck %s --check-prefixes=REPORT,S66
// RUN: sh -c 'env -u FORKSAFE_RT_EXITCODE LD_PRELOAD=%forksafe_rt %t nested; echo status=$?' 2>&1 | FileCheck %s --check-prefixes=REPORT,S66
// REPORT: forksafe-rt: warning: {{.*}}[forksafe-unsafe-call-in-child]
// RUN-REPORT: forksafe-rt: warning: {{.*}}[forksafe-unsafe-call-in-child]
// REPORT: child exited 0
// S66: status=66
//
// RUN: sh -c 'env FORKSAFE_RT_EXITCODE=0 LD_PRELOAD=%forksafe_rt %t return; echo status=$?' 2>&1 | FileCheck %s --check-prefixes=REPORT,S0
// RUN: sh -c 'env FORKSAFE_RT_EXITCODE=0 LD_PRELOAD=%forksafe_rt %t exit-3; echo status=$?' 2>&1 | FileCheck %s --check-prefixes=REPORT,S3
// RUN: sh -c 'env FORKSAFE_RT_EXITCODE=3 LD_PRELOAD=%forksafe_rt %t return; echo status=$?' 2>&1 | FileCheck %s --check-prefixes=REPORT,S3
// S0: status=0
// S3: status=3
//
// Nothing reported: the program's status.
// RUN: sh -c 'env -u FORKSAFE_RT_EXITCODE LD_PRELOAD=%forksafe_rt %t clean; echo status=$?' 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=forksafe-rt
// CLEAN: child exited 0
// CLEAN: status=0
//
// forksafe-run passes the status on (the reports it copies may come after
// the program's own output).
// RUN: sh -c 'env -u FORKSAFE_RT_EXITCODE %forksafe_run %t return; echo status=$?' 2>&1 | FileCheck %s --check-prefixes=RUN-REPORT,S66

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

/* Forks; the child calls getenv, which is reported when a thread runs. */
static void fork_and_wait(void) {
  pid_t pid = fork();
  if (pid == 0)
    _exit(getenv("PATH") == NULL);
  int status;
  waitpid(pid, &status, 0);
  printf("child exited %d\n", WEXITSTATUS(status));
  fflush(stdout);
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "return";
  if (strcmp(mode, "nested") == 0) {
    /* The report comes from a grandchild, whose parent forked with a
     * thread of its own running. */
    pid_t pid = fork();
    if (pid == 0) {
      pthread_t t;
      pthread_create(&t, NULL, idle, NULL);
      fork_and_wait();
      _exit(0);
    }
    waitpid(pid, NULL, 0);
    return 0;
  }
  if (strcmp(mode, "clean") != 0) {
    pthread_t t;
    pthread_create(&t, NULL, idle, NULL);
  }
  fork_and_wait();
  if (strcmp(mode, "exit") == 0)
    exit(0);
  if (strcmp(mode, "exit-3") == 0)
    exit(3);
  return 0;
}
