// A single-threaded program that forks, prints in the child and execs is
// correct: nothing is reported under threads=auto.
// RUN: %forksafe_cc -Xclang -verify %s
// expected-no-diagnostics

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void *spin(void *arg) { return arg; }

int main(int argc, char **argv) {
  pid_t pid = fork();
  if (pid == 0) {
    printf("child %d\n", getpid());
    char *env = getenv("HOME");
    (void)env;
    execv(argv[1], argv + 1);
    _exit(127);
  }
  // Threads started after the fork do not matter to it.
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  pthread_join(t, NULL);
  return 0;
}
