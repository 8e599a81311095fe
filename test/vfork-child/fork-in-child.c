// A vfork child that forks (BusyBox's hush, to feed a here-document): the
// fork is reported, but its own child is a process with a copy of the
// memory, not the vfork child, and is not this check's business.
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <unistd.h>

int written;

void feed(int fd, const char *text, int length) {
  pid_t pid = vfork();
  if (pid == 0) {
    pid = fork(); // expected-warning {{call to 'fork' in a vfork child}}
    if (pid != 0)
      _exit(0);
    write(fd, text, length);
    written = 1;
    _exit(0);
  }
}
