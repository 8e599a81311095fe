// The input of pragmas.test; the checks of its findings are beside them.

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#pragma clang diagnostic ignored "-Wforksafe-no-such-check"
// CHECK: pragmas.c:[[@LINE-1]]:34: warning: unknown warning group '-Wforksafe-no-such-check', ignored

static void *work(void *arg) { return arg; }
static pthread_t thread;

void reported(void);
void silenced(void);
void reported_again(void);
void all_silenced(void);
void made_an_error(void);
void from_a_macro(void);
void spawn(char **argv);

int main(int argc, char **argv) {
  pthread_create(&thread, NULL, work, NULL);
  reported();
  silenced();
  reported_again();
  all_silenced();
  made_an_error();
  from_a_macro();
  spawn(argv);
  return argc;
}

void reported(void) {
  if (fork() == 0) {
    printf("child\n");
    // CHECK: pragmas.c:[[@LINE-1]]:5: warning: call to 'printf'{{.*}}[forksafe-unsafe-call-in-child]
    // WERROR: pragmas.c:[[@LINE-2]]:5: error: call to 'printf'
    _exit(1);
  }
}

#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wforksafe-unsafe-call-in-child"
void silenced(void) {
  if (fork() == 0) {
    printf("child\n");
    _exit(1);
  }
}
#pragma clang diagnostic pop

void reported_again(void) {
  if (fork() == 0) {
    printf("again\n");
    // CHECK: pragmas.c:[[@LINE-1]]:5: warning: call to 'printf'
    _exit(1);
  }
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wforksafe"
void all_silenced(void) {
  if (fork() == 0) {
    printf("child\n");
    exit(1);
  }
}
#pragma GCC diagnostic pop

#pragma clang diagnostic push
#pragma clang diagnostic error "-Wforksafe-exit-in-child"
void made_an_error(void) {
  if (fork() == 0) {
    exit(1);
    // CHECK: pragmas.c:[[@LINE-1]]:5: error: 'exit' in the child{{.*}}[forksafe-exit-in-child]
  }
}
#pragma clang diagnostic pop

// As Qt's QT_WARNING_PUSH and QT_WARNING_DISABLE_CLANG do: one macro per
// pragma. (All the pragmas of one macro's expansion take effect where it is
// used, before its argument: push, ignored, code, pop in one macro does
// nothing to the code; README.md, "Warning flags and pragmas".)
#define WARNINGS_PUSH _Pragma("clang diagnostic push")
#define WARNINGS_POP _Pragma("clang diagnostic pop")
#define NO_EXIT_IN_CHILD                                                       \
  _Pragma("clang diagnostic ignored \"-Wforksafe-exit-in-child\"")

WARNINGS_PUSH
NO_EXIT_IN_CHILD
void from_a_macro(void) {
  if (fork() == 0)
    exit(1);
  // With exit-in-child off here, the call is unsafe-call-in-child's, as
  // with -Wno-forksafe-exit-in-child.
  // CHECK: pragmas.c:[[@LINE-3]]:5: warning: call to 'exit'{{.*}}[forksafe-unsafe-call-in-child]
}
WARNINGS_POP

// A check off by default turned on from here on: under -Werror
// an error, as Clang's pragma `warning` is.
#pragma clang diagnostic warning "-Wforksafe-prefer-posix-spawn"
void spawn(char **argv) {
  if (fork() == 0) {
    // CHECK: pragmas.c:[[@LINE-1]]:7: warning: {{.*}}[forksafe-prefer-posix-spawn]
    // WERROR: pragmas.c:[[@LINE-2]]:7: error: {{.*}}[forksafe-prefer-posix-spawn]
    execv(argv[0], argv);
    _exit(127);
  }
}

