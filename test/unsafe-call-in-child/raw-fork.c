// Under profile=glibc the malloc family is safe in the child of fork(),
// whose atfork handlers reset glibc's allocator there, but not in the child
// of _Fork(), which runs none (nor of a wrapper that returns _Fork()'s
// result). Under profile=posix it is unsafe in both.
// RUN: %forksafe_cc -fplugin-arg-forksafe-profile=posix -Xclang -verify=posix,both -Xclang -verify-ignore-unexpected=note %s
// RUN: %forksafe_cc -Xclang -verify=both -Xclang -verify-ignore-unexpected=note %s
// RUN: %forksafe_cc -fplugin-arg-forksafe-profile=glibc -Xclang -verify=both -Xclang -verify-ignore-unexpected=note %s

#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void *spin(void *arg) { for (;;) pause(); }

static char *copy(const char *s) {
  char *p = malloc(strlen(s) + 1);
  if (p)
    strcpy(p, s);
  return p;
}

static pid_t raw_fork(void) { return _Fork(); }

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  if (fork() == 0) {
    char *p = malloc(8); // posix-warning {{call to 'malloc' in the child of a multithreaded process, which is not async-signal-safe}}
    free(p); // posix-warning {{call to 'free'}}
    copy("x"); // posix-warning {{call to 'copy' in the child of a multithreaded process reaches 'malloc'}}
    _exit(0);
  }
  if (_Fork() == 0) {
    char *p = malloc(8); // both-warning {{call to 'malloc' in the child of a multithreaded process, which is not async-signal-safe}}
    free(p); // both-warning {{call to 'free'}}
    copy("x"); // both-warning {{call to 'copy' in the child of a multithreaded process reaches 'malloc'}}
    _exit(0);
  }
  if (raw_fork() == 0) {
    free(malloc(8)); // both-warning {{call to 'malloc'}} both-warning {{call to 'free'}}
    _exit(0);
  }
  return 0;
}
