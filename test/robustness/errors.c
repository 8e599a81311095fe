// A translation unit with errors: the functions that compiled are analysed,
// those whose bodies hold what clang could not make sense of (recovery
// expressions, invalid declarations) are skipped, and nothing crashes.
// RUN: not %forksafe_cc %s 2>&1 | FileCheck %s

#include <stdlib.h>
#include <unistd.h>

void good(char **argv) {
  if (fork() == 0) {
    execv(argv[0], argv);
    exit(1);
  }
}
// CHECK-DAG: warning: 'exit' after a failed exec {{.*}}[forksafe-exit-in-child]

void bad(char **argv) {
  if (fork() == 0) {
    execv(argv[0], argv);
    exit(undeclared_variable);
  }
}
// CHECK-DAG: error: use of undeclared identifier 'undeclared_variable'

struct incomplete;
void worse(struct incomplete *p) {
  if (fork() == 0)
    p->field = 1;
}
// CHECK-DAG: error: incomplete definition of type 'struct incomplete'

void unterminated(void) {
  if (fork() == 0) {
    _exit(0
}
// CHECK-DAG: error: expected ')'
// CHECK: 1 warning and {{[0-9]+}} errors generated.
