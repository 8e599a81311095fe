// In main, a return ends the child like exit() does: the child is bounded,
// and the return is exit-in-child's in a multithreaded process.
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void *spin(void *arg) { for (;;) pause(); }

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  pid_t pid = fork();
  if (pid == 0) {
    puts("child"); // expected-warning {{call to 'puts'}}
    return 0; // expected-warning {{returning from 'main' in the child of a multithreaded process calls 'exit'}}
  }
  return 0;
}
