// NOLINT, NOLINTNEXTLINE and checks= for cloexec-race, and .forksafe.yaml's
// Checks.
// RUN: %forksafe_cc -Xclang -verify %s
// RUN: %forksafe_cc -fplugin-arg-forksafe-checks=-cloexec-race %s 2>&1 | count 0
// RUN: rm -rf %t && mkdir -p %t && cp %s %t/race.c
// RUN: printf 'Checks: "-forksafe-cloexec-race"\n' > %t/.forksafe.yaml
// RUN: %forksafe_cc %t/race.c 2>&1 | count 0

#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

static void *opener(void *arg) {
  int quiet = open("/etc/hosts", O_RDONLY); // NOLINT(forksafe-cloexec-race)
  fcntl(quiet, F_SETFD, FD_CLOEXEC);
  // NOLINTNEXTLINE(forksafe-cloexec-race)
  int also_quiet = open("/etc/hosts", O_RDONLY);
  fcntl(also_quiet, F_SETFD, FD_CLOEXEC);
  int fd = open("/etc/hosts", O_RDONLY); // expected-warning {{[forksafe-cloexec-race]}}
  fcntl(fd, F_SETFD, FD_CLOEXEC); // expected-note {{close-on-exec is set only here}}
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, opener, 0); // expected-note {{a thread started here runs 'opener'}}
  if (fork() == 0) {
    execl("/bin/true", "true", (char *)0); // expected-note {{'execl' runs a new program here}}
    _exit(127);
  }
  pthread_join(t, 0);
  return 0;
}
