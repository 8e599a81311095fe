// Functions with bodies in system headers are judged by their bodies, but
// the tables know the C library's own functions whatever body a header
// gives them (glibc's fortified wrappers); those are named as the manuals
// name them.
// RUN: %forksafe_cc -isystem %S/Inputs -Xclang -verify -Xclang -verify-ignore-unexpected=note %s
// RUN: %forksafe_cc -O2 -D_FORTIFY_SOURCE=2 -isystem %S/Inputs -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <inline_helpers.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void *spin(void *arg) { for (;;) pause(); }

static void format(char *buf, size_t n, int value) {
  snprintf(buf, n, "%d", value);
}

int main(int argc, char **argv) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  if (fork() == 0) {
    char buf[32];
    helper_nothing();
    helper_write("child\n");
    helper_locks(); // expected-warning {{call to 'helper_locks' in the child of a multithreaded process reaches 'pthread_mutex_lock'}}
    memcpy(buf, "x", 2);
    if (read(0, buf, sizeof buf) < 0)
      _exit(1);
    format(buf, sizeof buf, 1); // expected-warning {{call to 'format' in the child of a multithreaded process reaches 'snprintf'}}
    _exit(0);
  }
  return 0;
}

// Under _FORTIFY_SOURCE, glibc's headers turn snprintf(...) into a macro
// that calls __builtin___snprintf_chk: still the user's call of snprintf.
void direct(void) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  if (fork() == 0) {
    char buf[8];
    snprintf(buf, sizeof buf, "%d", 2); // expected-warning {{call to 'snprintf' in the child of a multithreaded process, which is not async-signal-safe}}
    // A call in the macro's arguments is a call of its own, at its place.
    snprintf(buf, sizeof buf, "%s", strerror(2)); // expected-warning {{call to 'snprintf' in the child}} expected-warning {{call to 'strerror' in the child}}
    _exit(0);
  }
}
