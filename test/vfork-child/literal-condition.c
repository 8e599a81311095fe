// BusyBox's xvfork() is `BB_MMU ? xfork() : vfork()`: with BB_MMU defined
// to 1, the vfork arm is dead, and the child is a fork child.
// RUN: %forksafe_cc -Xclang -verify %s
// expected-no-diagnostics

#include <stdio.h>
#include <unistd.h>

#define MMU 1
#define xvfork() (MMU ? fork() : vfork())

void run(char **argv) {
  pid_t pid = xvfork();
  if (pid == 0) {
    close(0);
    execvp(argv[0], argv);
    perror(argv[0]);
    _exit(127);
  }
}
