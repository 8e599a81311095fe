// The settings: FORKSAFE_RT_LOG appends to a file and leaves stderr alone;
// FORKSAFE_RT_ABORT=1 makes the first report fatal; FORKSAFE_RT_FORMAT
// other than text or json is said once, before the first fork, and text is
// written.
// RUN: %clang -g -fno-omit-frame-pointer -pthread %s -o %t
//
// RUN: rm -f %t.log
// RUN: env FORKSAFE_RT_LOG=%t.log LD_PRELOAD=%forksafe_rt %t > %t.out 2>&1
// RUN: env FORKSAFE_RT_LOG=%t.log LD_PRELOAD=%forksafe_rt %t >> %t.out 2>&1
// RUN: FileCheck %s --check-prefix=OUT --implicit-check-not=forksafe-rt < %t.out
// RUN: FileCheck %s --check-prefix=LOG < %t.log
// OUT: child exited 0, not signalled
// OUT-NEXT: child exited 0, not signalled
// LOG: forksafe-rt: warning: pid {{[0-9]+}}: 'fork' was called while the process had 2 threads{{.*}}[forksafe-fork-with-threads]
// LOG: forksafe-rt: warning: pid {{[0-9]+}}: call to 'getenv'{{.*}}[forksafe-unsafe-call-in-child]
// LOG: forksafe-rt: warning: pid {{[0-9]+}}: 'fork' was called while the process had 2 threads{{.*}}[forksafe-fork-with-threads]
// LOG: forksafe-rt: warning: pid {{[0-9]+}}: call to 'getenv'{{.*}}[forksafe-unsafe-call-in-child]
//
// RUN: env FORKSAFE_RT_ABORT=1 LD_PRELOAD=%forksafe_rt %t 2>&1 | FileCheck %s --check-prefix=ABORT
// ABORT: forksafe-rt: warning: {{.*}}[forksafe-fork-with-threads]
// ABORT-NOT: forksafe-rt: warning
// ABORT: child signalled 6
//
// A log that cannot be opened, or written (a full device): stderr, said
// once for the program and its children, with each report whole.
// RUN: env FORKSAFE_RT_LOG=%t.nonexistent/log LD_PRELOAD=%forksafe_rt %t 2>&1 | FileCheck %s --check-prefixes=NOLOG,NOLOG-OPEN
// RUN: env FORKSAFE_RT_LOG=/dev/full LD_PRELOAD=%forksafe_rt %t 2>&1 | FileCheck %s --check-prefixes=NOLOG,NOLOG-FULL
// NOLOG-OPEN: forksafe-rt: warning: cannot write the reports to FORKSAFE_RT_LOG '{{.*}}.nonexistent/log': No such file or directory; writing them to stderr
// NOLOG-FULL: forksafe-rt: warning: cannot write the reports to FORKSAFE_RT_LOG '/dev/full': No space left on device; writing them to stderr
// NOLOG-NEXT: forksafe-rt: warning: pid {{[0-9]+}}: 'fork' was called
// NOLOG-NOT: cannot write the reports
// NOLOG: call to 'getenv'
// NOLOG-NOT: cannot write the reports
// NOLOG: child exited 0, not signalled
//
// RUN: env FORKSAFE_RT_FORMAT=xml LD_PRELOAD=%forksafe_rt %t 2>&1 | FileCheck %s --check-prefix=FORMAT
// FORMAT: forksafe-rt: warning: FORKSAFE_RT_FORMAT='xml' is neither 'text' nor 'json'; writing text
// FORMAT-NEXT: forksafe-rt: warning: pid {{[0-9]+}}: 'fork' was called

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

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, idle, NULL);
  pid_t pid = fork();
  if (pid == 0)
    _exit(getenv("PATH") == NULL);
  int status;
  waitpid(pid, &status, 0);
  if (WIFSIGNALED(status))
    printf("child signalled %d\n", WTERMSIG(status));
  else
    printf("child exited %d, not signalled\n", WEXITSTATUS(status));
  return 0;
}
