// The child of vfork() borrows the parent's memory and stack: it may call
// only an exec function or _exit, write only the vfork result, and must not
// return.
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int counter;

// The canonical correct use: exec, and _exit if it fails.
void spawn_ok(char **argv) {
  pid_t pid = vfork();
  if (pid == 0) {
    execv(argv[0], argv);
    _exit(127);
  }
}

// The same, with the assignment in the test.
void spawn_ok_assign(char **argv) {
  pid_t pid;
  if ((pid = vfork()) == 0) {
    execvp(argv[0], argv);
    _Exit(127);
  }
  pid = -1; // the parent's own
}

void spawn_bad_calls(char **argv) {
  pid_t pid = vfork();
  if (pid == 0) {
    printf("child\n"); // expected-warning {{call to 'printf' in a vfork child, which may only call an exec function or '_exit' [forksafe-vfork-child]}}
    close(3); // expected-warning {{call to 'close' in a vfork child}}
    execv(argv[0], argv);
    exit(127); // expected-warning {{call to 'exit' in a vfork child}}
  }
}

void spawn_bad_writes(char **argv) {
  int status = 0;
  pid_t pid = vfork();
  if (pid == 0) {
    status = 1; // expected-warning {{write to memory in a vfork child, which shares it with the parent; only the variable that holds the vfork result may be written [forksafe-vfork-child]}}
    counter++; // expected-warning {{write to memory in a vfork child}}
    char *args[] = {argv[0], 0}; // expected-warning {{write to memory in a vfork child}}
    pid = 0; // the vfork result: allowed
    execv(args[0], args);
    _exit(127);
  }
  (void)status;
}

int spawn_returns(char **argv) {
  if (vfork() == 0) {
    execv(argv[0], argv);
    return -1; // expected-warning {{returning from 'spawn_returns' in a vfork child corrupts the stack frame the parent returns to; end the child with an exec or '_exit' [forksafe-vfork-child]}}
  }
  return 0;
}

void spawn_falls_off(char **argv) {
  if (vfork() == 0)
    execv(argv[0], argv);
} // expected-warning {{falling off the end of 'spawn_falls_off' in a vfork child}}

// An untested result: both run everything that follows.
void spawn_untested(void) {
  vfork();
  puts("both"); // expected-warning {{call to 'puts' in a vfork child}}
  _exit(0);
}

// A pointer call is unknown, so not allowed.
void spawn_pointer(void (*hook)(void), char **argv) {
  if (vfork() == 0) {
    hook(); // expected-warning {{call through a function pointer in a vfork child}}
    execv(argv[0], argv);
    _exit(127);
  }
}

// The parent side is not the child's business.
void spawn_parent_side(char **argv) {
  pid_t pid = vfork();
  if (pid < 0) {
    perror("vfork");
    return;
  }
  if (pid > 0) {
    counter = pid;
    printf("started %d\n", pid);
    return;
  }
  execv(argv[0], argv);
  _exit(127);
}

// The other checks leave vfork children alone: an exit() after a failed
// exec is this check's (as a call), not exit-in-child's.
int main(int argc, char **argv) {
  if (vfork() == 0) {
    execv(argv[1], argv + 1);
    exit(1); // expected-warning {{call to 'exit' in a vfork child, which may only call an exec function or '_exit' [forksafe-vfork-child]}}
  }
  return 0;
}
