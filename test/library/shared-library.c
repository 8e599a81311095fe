// threads=auto judges a unit built as a shared library (-fPIC without
// -fPIE) as a library: its exported functions may be called while its
// callers' threads run, so what they reach is multithreaded (the rule of
// threads=assume, at those entry points only). A position-independent
// executable, code that is not position-independent, a unit that defines
// main, and threads=program are judged as programs.
//
// RUN: %forksafe_cc -fPIC %s 2>&1 | FileCheck %s --check-prefix=LIBRARY --implicit-check-not=warning:
// LIBRARY: shared-library.c:[[@LINE+27]]:5: warning: call to 'printf' in the child of a multithreaded process{{.*}}[forksafe-unsafe-call-in-child]
// LIBRARY: note: this code is built as a shared library (-fPIC without -fPIE): its callers may have threads running (threads=program judges it as a program)
// LIBRARY: shared-library.c:[[@LINE+37]]:5: warning: call to 'child_work' in the child of a multithreaded process reaches 'printf'{{.*}}[forksafe-unsafe-call-in-child]
//
// RUN: %forksafe_cc -fPIE %s 2>&1 | count 0
// RUN: %forksafe_cc -fno-pic %s 2>&1 | count 0
// RUN: %forksafe_cc -fPIC -fplugin-arg-forksafe-threads=program %s 2>&1 | count 0
// RUN: %forksafe_cc -fPIC -DWITH_MAIN %s 2>&1 | count 0
//
// threads=assume reports the function no exported function reaches, too.
// RUN: %forksafe_cc -fplugin-arg-forksafe-threads=assume %s 2>&1 | FileCheck %s --check-prefix=ASSUME
// ASSUME-COUNT-3: warning: call to '{{[a-z_]+}}' in the child
//
// clang-tidy judges it the same way, from the compile command's flags.
// RUN: %clang_tidy -checks='-*,forksafe-*' %s -- -std=gnu11 -fPIC 2>&1 | FileCheck %s --check-prefix=TIDY
// RUN: %clang_tidy -checks='-*,forksafe-*' %s -- -std=gnu11 -fPIE 2>&1 | FileCheck %s --check-prefix=TIDY-PIE --allow-empty
// TIDY: shared-library.c:{{[0-9]+}}:5: warning: call to 'printf' in the child of a multithreaded process{{.*}}[forksafe-unsafe-call-in-child]
// TIDY-PIE-NOT: warning:

#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

/* Exported: its callers may have threads. */
int run_report(void) {
  pid_t pid = fork();
  if (pid == 0) {
    printf("report\n");
    _exit(0);
  }
  return waitpid(pid, NULL, 0) == pid ? 0 : -1;
}

static void child_work(void) { printf("work\n"); }

/* Reached from an exported function through a static one. */
static int spawn(void) {
  pid_t pid = fork();
  if (pid == 0) {
    child_work();
    _exit(0);
  }
  return pid;
}

int run_work(void) { return spawn() > 0 ? 0 : -1; }

/* Reached from no exported function. */
static __attribute__((unused)) void unreached(void) {
  if (fork() == 0) {
    printf("never\n");
    _exit(0);
  }
}

#ifdef WITH_MAIN
int main(void) { return run_report() + run_work(); }
#endif
