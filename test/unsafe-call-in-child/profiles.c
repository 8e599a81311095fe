// profile=posix allows only POSIX.1-2024's list; profile=glibc also allows
// the malloc family, execvp/execvpe/execlp, and what glibc documents as
// AS-Safe. The default, profile=auto, is glibc for GNU/Linux targets, the
// host's here (test/options/profile-auto.c tries others).
// RUN: %forksafe_cc -Xclang -verify=both -Xclang -verify-ignore-unexpected=note %s
// RUN: %forksafe_cc -fplugin-arg-forksafe-profile=posix -Xclang -verify=posix,both -Xclang -verify-ignore-unexpected=note %s
// RUN: %forksafe_cc -fplugin-arg-forksafe-profile=glibc -Xclang -verify=both -Xclang -verify-ignore-unexpected=note %s

#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static void *spin(void *arg) { for (;;) pause(); }

int main(int argc, char **argv) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  pid_t pid = fork();
  if (pid == 0) {
    char *buf = malloc(64); // posix-warning {{call to 'malloc'}}
    free(buf); // posix-warning {{call to 'free'}}
    prctl(PR_SET_PDEATHSIG, 9); // posix-warning {{call to 'prctl'}}
    syscall(SYS_close_range, 3, ~0U, 0); // posix-warning {{call to 'syscall'}}
    int fds[2];
    pipe2(fds, 0); // posix-warning {{call to 'pipe2'}}
    dup3(fds[0], 0, 0); // posix-warning {{call to 'dup3'}}
    dup2(fds[1], 1);
    // _Fork is async-signal-safe, fork is not.
    if (_Fork() == 0)
      _exit(0);
    if (fork() == 0) // both-warning {{call to 'fork'}}
      _exit(0);
    printf("x\n"); // both-warning {{call to 'printf'}}
    execvp(argv[1], argv + 1); // posix-warning {{call to 'execvp'}}
    execve(argv[1], argv + 1, NULL);
    _exit(127);
  }
  return 0;
}
