// -Wforksafe, -Wforksafe-<check>, -Werror=, -Wno-error= and their -Wno-
// forms behave as for Clang's own warnings. Clang itself, which cannot
// know these names, still says "unknown warning option" for each before it
// loads the plugin: -Wno-unknown-warning-option silences that.
// RUN: %forksafe_cc %s 2>&1 | FileCheck %s --check-prefix=DEFAULT
// DEFAULT: warning: call to 'printf' in the child of a multithreaded process, which is not async-signal-safe [forksafe-unsafe-call-in-child]
// DEFAULT: warning: 'exit' in the child of a multithreaded process{{.*}}[forksafe-exit-in-child]
// DEFAULT: 2 warnings generated.
//
// RUN: %forksafe_cc -Wno-forksafe-exit-in-child %s 2>&1 | FileCheck %s --check-prefix=CLANG-SAYS
// CLANG-SAYS: warning: unknown warning option '-Wno-forksafe-exit-in-child'
// CLANG-SAYS: [forksafe-unsafe-call-in-child]
// CLANG-SAYS-NOT: [forksafe-exit-in-child]
//
// RUN: %forksafe_cc -Wno-unknown-warning-option -Wno-forksafe-exit-in-child %s 2>&1 | FileCheck %s --check-prefix=NO-EXIT
// NO-EXIT-NOT: warning: unknown
// NO-EXIT: warning: call to 'printf'{{.*}}[forksafe-unsafe-call-in-child]
// NO-EXIT: warning: call to 'exit'{{.*}}[forksafe-unsafe-call-in-child]
// NO-EXIT-NOT: [forksafe-exit-in-child]
//
// (With exit-in-child off, the call of exit is unsafe-call-in-child's.)
// -Wno-forksafe turns every check off; a later -Wforksafe-<check> turns one on.
// RUN: %forksafe_cc -Wno-unknown-warning-option -Wno-forksafe %s 2>&1 | count 0
// RUN: %forksafe_cc -Wno-unknown-warning-option -Wno-forksafe -Wforksafe-exit-in-child %s 2>&1 | FileCheck %s --check-prefix=ONLY-EXIT
// ONLY-EXIT-NOT: unsafe-call-in-child
// ONLY-EXIT: [forksafe-exit-in-child]
// ONLY-EXIT-NOT: unsafe-call-in-child
//
// A check off by default, turned on by its flag or by -Wforksafe.
// RUN: %forksafe_cc -Wno-unknown-warning-option -Wforksafe-prefer-posix-spawn %s 2>&1 | FileCheck %s --check-prefix=SPAWN
// RUN: %forksafe_cc -Wno-unknown-warning-option -Wforksafe %s 2>&1 | FileCheck %s --check-prefix=SPAWN
// SPAWN: [forksafe-prefer-posix-spawn]
//
// RUN: not %forksafe_cc -Wno-unknown-warning-option -Werror=forksafe-exit-in-child %s 2>&1 | FileCheck %s --check-prefix=ONE-ERROR
// ONE-ERROR: warning: call to 'printf'{{.*}}[forksafe-unsafe-call-in-child]
// ONE-ERROR: error: 'exit' in the child{{.*}}[forksafe-exit-in-child]
// ONE-ERROR: 1 warning and 1 error generated.
//
// Under -Werror, -Wno-error=<check> keeps that check's findings warnings:
// the build goes on.
// RUN: not %forksafe_cc -Werror %s 2>&1 | FileCheck %s --check-prefix=WERROR
// WERROR: error: call to 'printf'
// WERROR: error: 'exit' in the child
// RUN: %forksafe_cc -Wno-unknown-warning-option -Werror -Wno-error=forksafe %s 2>&1 | FileCheck %s --check-prefix=NO-ERROR
// NO-ERROR: warning: call to 'printf'
// NO-ERROR: warning: 'exit' in the child
// RUN: not %forksafe_cc -Wno-unknown-warning-option -Werror -Wno-error=forksafe-exit-in-child %s 2>&1 | FileCheck %s --check-prefix=NO-ERROR-ONE
// NO-ERROR-ONE: error: call to 'printf'
// NO-ERROR-ONE: warning: 'exit' in the child
//
// -w silences the warnings, not what -Werror=<check> made an error.
// RUN: %forksafe_cc -w %s 2>&1 | count 0
// RUN: not %forksafe_cc -w -Wno-unknown-warning-option -Werror=forksafe-exit-in-child %s 2>&1 | FileCheck %s --check-prefix=W-ERROR
// W-ERROR-NOT: printf
// W-ERROR: error: 'exit' in the child
// W-ERROR-NOT: printf
//
// A name in forksafe's namespace that names no check: Clang's warning, or
// forksafe's when Clang's is silenced.
// RUN: %forksafe_cc -Wno-unknown-warning-option -Wno-forksafe-exit-in-childs %s 2>&1 | FileCheck %s --check-prefix=TYPO
// TYPO: warning: forksafe: unknown warning option '-Wno-forksafe-exit-in-childs'; forksafe's are -Wforksafe and -Wforksafe-<check>, with a check of 'forksafe --list-checks'
// TYPO: [forksafe-exit-in-child]

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void *work(void *arg) { return arg; }

int main(int argc, char **argv) {
  pthread_t t;
  pthread_create(&t, NULL, work, NULL);
  pid_t pid = fork();
  if (pid == 0) {
    printf("child\n");
    exit(1);
  }
  if (fork() == 0) {
    execv(argv[0], argv);
    _exit(127);
  }
  pthread_join(t, NULL);
  return argc;
}
