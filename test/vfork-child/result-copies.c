// The vfork result may reach its variable through a statement expression
// (BusyBox's xvfork()), a conditional, a chain of assignments, or a copy:
// each variable that holds it may be written, and nothing else.
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <unistd.h>

#define xvfork()                                                               \
  ({                                                                           \
    pid_t xvfork_pid = vfork();                                                \
    if (xvfork_pid < 0)                                                        \
      _exit(1);                                                                \
    xvfork_pid;                                                                \
  })

int other;

void statement_expression(char **argv) {
  pid_t pid = xvfork();
  if (pid == 0) {
    execv(argv[0], argv);
    _exit(127);
  }
}

void conditional(int ok, char **argv) {
  pid_t pid = ok ? vfork() : -1;
  if (pid == 0) {
    execv(argv[0], argv);
    _exit(127);
  }
}

void chained(char **argv) {
  pid_t first, second;
  first = second = vfork();
  if (first == 0) {
    execv(argv[0], argv);
    _exit(127);
  }
}

void copied(char **argv) {
  pid_t pid = vfork();
  pid_t copy = pid;
  if (copy == 0) {
    copy = pid; // still the vfork result
    other = pid; // expected-warning {{write to memory in a vfork child}}
    execv(argv[0], argv);
    _exit(127);
  }
}
