// unsafe-call-in-child's fix-it: stdio calls that print fixed text to
// stdout or stderr become write().
// RUN: %forksafe_cc -fdiagnostics-parseable-fixits %s 2>&1 | FileCheck %s
// RUN: rm -rf %t && mkdir -p %t && cp %s %t/fixed.c
// RUN: %forksafe_cc -Xclang -fixit %t/fixed.c
// RUN: %clang -fsyntax-only -Wall -Werror -Wno-unused-result %t/fixed.c
// RUN: %forksafe_cc %t/fixed.c 2>&1 | FileCheck %s --check-prefix=LEFT
// RUN: FileCheck %s --check-prefix=FIXED --match-full-lines --strict-whitespace < %t/fixed.c

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void *spin(void *arg) { for (;;) pause(); }

int main(int argc, char **argv) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  FILE *log = stderr;
  if (fork() == 0) {
    printf("child up\n");
    puts("starting");
    fputs("to stderr\n", stderr);
    fprintf(stderr, "tab\tand \"quotes\"\n");
    fprintf(stdout, "concatenated " "text\n");
    printf("pid %d\n", getpid());
    fputs("not a standard stream\n", log);
    execv(argv[1], argv + 1);
    _exit(127);
  }
  return 0;
}
// CHECK: fix-it:"{{.*}}":{21:5-21:25}:"write(1, \"child up\\n\", 9)"
// CHECK: fix-it:"{{.*}}":{22:5-22:21}:"write(1, \"starting\" \"\\n\", 9)"
// CHECK: fix-it:"{{.*}}":{23:5-23:33}:"write(2, \"to stderr\\n\", 10)"
// CHECK: fix-it:"{{.*}}":{24:5-24:45}:"write(2, \"tab\\tand \\\"quotes\\\"\\n\", 17)"
// CHECK: fix-it:"{{.*}}":{25:5-25:46}:"write(1, \"concatenated \" \"text\\n\", 18)"
// CHECK-NOT: fix-it
// FIXED:    write(1, "child up\n", 9);
// FIXED-NEXT:    write(1, "starting" "\n", 9);
// FIXED-NEXT:    write(2, "to stderr\n", 10);
// FIXED-NEXT:    write(2, "tab\tand \"quotes\"\n", 17);
// FIXED-NEXT:    write(1, "concatenated " "text\n", 18);
// FIXED-NEXT:    printf("pid %d\n", getpid());
// LEFT: warning: call to 'printf' in the child
// LEFT: warning: call to 'fputs' in the child
// LEFT: 2 warnings generated.
