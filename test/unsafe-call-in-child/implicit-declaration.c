/* A function C89 declares implicitly, at its first call, is the user's own
   function with no body: unknown, and not reported, like one declared by
   hand. Builtins declared implicitly stay library functions.
   RUN: %forksafe_cc -std=gnu89 -Wno-implicit-function-declaration -Xclang -verify -Xclang -verify-ignore-unexpected=note %s
   RUN: %forksafe_cc -std=gnu89 -Wno-implicit-function-declaration -fplugin-arg-forksafe-unknown=unsafe %s 2>&1 | FileCheck %s --check-prefix=UNSAFE
   UNSAFE: call to 'undeclared_helper' in the child of a multithreaded process, which may not be async-signal-safe
*/

#include <pthread.h>
#include <unistd.h>

static void *spin(void *arg) { for (;;) pause(); }
void declared_elsewhere(void);

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  if (fork() == 0) {
    declared_elsewhere();
    undeclared_helper();
    printf("implicitly declared builtin\n"); /* expected-warning {{call to 'printf' in the child}} */
    _exit(0);
  }
  return 0;
}
