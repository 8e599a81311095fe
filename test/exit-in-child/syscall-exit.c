// syscall(SYS_exit, n) and syscall(SYS_exit_group, n) end the child as
// _exit does: by the number, as the target's <sys/syscall.h> defines it.
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static void *spin(void *arg) { for (;;) pause(); }

void exits_by_syscall(char **argv) {
  if (fork() == 0) {
    execv(argv[0], argv);
    syscall(SYS_exit, 127); // a failed exec ends here: no child-fallthrough
  }
  if (fork() == 0) {
    execv(argv[0], argv);
    syscall(SYS_exit_group, 127);
  }
  if (fork() == 0) {
    execv(argv[0], argv);
    syscall(__NR_exit, 127);
  }
  // Another system call goes on: the child falls through.
  if (fork() == 0) {
    execv(argv[0], argv); // expected-warning {{if 'execv' fails, the child returns from 'exits_by_syscall'}}
    syscall(SYS_getpid);
  }
}

// A vfork child may call it, and it bounds a multithreaded child.
void vfork_then_syscall_exit(char **argv) {
  if (vfork() == 0) {
    execv(argv[0], argv);
    syscall(SYS_exit, 127);
  }
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  if (fork() == 0) {
    puts("child"); // expected-warning {{call to 'puts' in the child of a multithreaded process}}
    syscall(SYS_exit_group, 0);
  }
}
