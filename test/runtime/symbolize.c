// forksafe-run names the frames of text reports on stderr: the library
// writes module+offset (a child reads no debug information), and
// forksafe-run, outside the program, adds the function, file and line from
// llvm-symbolizer or addr2line as it copies each report.
// RUN: %clang -g -O0 -fno-omit-frame-pointer -pthread %s -o %t
//
// RUN: %forksafe_run %t 2>&1 | FileCheck %s --check-prefixes=CHECK,LLVM
// RUN: env FORKSAFE_RT_SYMBOLIZER=%llvm_symbolizer %forksafe_run %t 2>&1 | FileCheck %s --check-prefixes=CHECK,LLVM
// CHECK: forksafe-rt: warning: pid {{[0-9]+}}: call to 'getenv'{{.*}}[forksafe-unsafe-call-in-child]
// CHECK-NEXT: forksafe-rt: note: pid {{[0-9]+}}: called from
// LLVM-NEXT: #0 {{.*}}symbolize.c.tmp+0x{{[0-9a-f]+}} in read_setting {{.*}}symbolize.c:[[@LINE+33]]:{{[0-9]+}}
// LLVM-NEXT: #1 {{.*}}symbolize.c.tmp+0x{{[0-9a-f]+}} in main {{.*}}symbolize.c:[[@LINE+40]]:{{[0-9]+}}
// ADDR2LINE-NEXT: #0 {{.*}}symbolize.c.tmp+0x{{[0-9a-f]+}} in read_setting {{.*}}symbolize.c:[[@LINE+31]]
// ADDR2LINE-NEXT: #1 {{.*}}symbolize.c.tmp+0x{{[0-9a-f]+}} in main {{.*}}symbolize.c:[[@LINE+38]]
// CHECK: forksafe-rt: note: pid {{[0-9]+}}: the fork, in pid {{[0-9]+}}, was called from
// LLVM-NEXT: #0 {{.*}}symbolize.c.tmp+0x{{[0-9a-f]+}} in main {{.*}}symbolize.c:[[@LINE+34]]:{{[0-9]+}}
//
// RUN: env FORKSAFE_RT_SYMBOLIZER=addr2line %forksafe_run %t 2>&1 | FileCheck %s --check-prefixes=CHECK,ADDR2LINE
//
// RUN: env FORKSAFE_RT_SYMBOLIZER=none %forksafe_run %t 2>&1 | FileCheck %s --check-prefix=RAW
// RUN: env FORKSAFE_RT_SYMBOLIZER=/nonexistent/symbolizer %forksafe_run %t 2>&1 | FileCheck %s --check-prefixes=MISSING,RAW
// MISSING: forksafe-run: warning: FORKSAFE_RT_SYMBOLIZER='/nonexistent/symbolizer' is not a program; the frames stay module+offset
// RAW: #0 {{.*}}symbolize.c.tmp+0x{{[0-9a-f]+}}{{$}}
//
// The program's exit status, and its death by a signal, pass through.
// RUN: sh -c 'env -u FORKSAFE_RT_EXITCODE %forksafe_run %t > /dev/null 2>&1; echo status=$?' | FileCheck %s --check-prefix=STATUS
// STATUS: status=66
// RUN: sh -c '%forksafe_run sh -c "kill -TERM \$\$"; echo status=$?' | FileCheck %s --check-prefix=SIGNAL
// SIGNAL: status=143

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

__attribute__((noinline)) static int read_setting(void) {
  return getenv("HOME") != NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, idle, NULL);
  pid_t pid = fork();
  if (pid == 0)
    _exit(read_setting() ? 0 : 1);
  int status;
  waitpid(pid, &status, 0);
  printf("child exited %d\n", WEXITSTATUS(status));
  return 0;
}
