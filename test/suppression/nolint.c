// NOLINT, NOLINTNEXTLINE and NOLINTBEGIN/NOLINTEND, with and without check
// names, as clang-tidy reads them.
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <stdlib.h>
#include <unistd.h>

void exec_then_exit(char **argv) {
  if (fork() == 0) {
    execv(argv[0], argv);
    exit(1); // NOLINT
  }
  if (fork() == 0) {
    execv(argv[0], argv);
    exit(2); // NOLINT(forksafe-exit-in-child)
  }
  if (fork() == 0) {
    execv(argv[0], argv);
    exit(3); // NOLINT(forksafe-*)
  }
  if (fork() == 0) {
    execv(argv[0], argv);
    exit(4); // NOLINT(bugprone-*, forksafe-exit-in-child)
  }
  if (fork() == 0) {
    execv(argv[0], argv);
    exit(5); // NOLINT(forksafe-child-fallthrough) expected-warning {{[forksafe-exit-in-child]}}
  }
  if (fork() == 0) {
    execv(argv[0], argv);
    // NOLINTNEXTLINE(forksafe-exit-in-child)
    exit(6);
  }
  if (fork() == 0) {
    execv(argv[0], argv);
    // NOLINTNEXTLINE
    exit(7);
  }
  if (fork() == 0) {
    execv(argv[0], argv);
    // NOLINTNEXTLINE(forksafe-unsafe-call-in-child)
    exit(8); // expected-warning {{[forksafe-exit-in-child]}}
  }
  // NOLINTBEGIN(forksafe-exit-in-child)
  if (fork() == 0) {
    execv(argv[0], argv);
    exit(9);
  }
  // NOLINTEND(forksafe-exit-in-child)
  if (fork() == 0) {
    execv(argv[0], argv);
    exit(10); // expected-warning {{[forksafe-exit-in-child]}}
  }
}
