// An exit after a failed exec twelve calls below the child: the notes name
// the call in the child and the seven calls nearest the exit, not all twelve.
// RUN: %forksafe_cc %s 2>&1 | FileCheck %s
// CHECK: warning: 'exit' after a failed exec
// CHECK: note: the child of 'fork' starts here
// CHECK: note: 'd1' is called here in the child
// CHECK-NOT: note: 'd4' calls
// CHECK: note: 'd5' calls 'd6' here
// CHECK: note: 'd11' calls 'd12' here
// CHECK: note: if this exec fails, the child goes on
// CHECK: 1 warning generated.

#include <stdlib.h>
#include <unistd.h>

static void d12(char **argv) { execv(argv[0], argv); exit(1); }
static void d11(char **argv) { d12(argv); }
static void d10(char **argv) { d11(argv); }
static void d9(char **argv) { d10(argv); }
static void d8(char **argv) { d9(argv); }
static void d7(char **argv) { d8(argv); }
static void d6(char **argv) { d7(argv); }
static void d5(char **argv) { d6(argv); }
static void d4(char **argv) { d5(argv); }
static void d3(char **argv) { d4(argv); }
static void d2(char **argv) { d3(argv); }
static void d1(char **argv) { d2(argv); }

void spawn(char **argv) {
  if (fork() == 0)
    d1(argv);
}
