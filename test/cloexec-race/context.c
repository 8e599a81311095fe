// cloexec-race needs both halves of the race: other threads where the
// descriptor is made, and a program that forks and execs (or, assumed of a
// library under threads=assume, its host).
// RUN: %forksafe_cc -Xclang -verify=auto %s
// RUN: %forksafe_cc -Xclang -verify=spawn -DSPAWN %s
// RUN: %forksafe_cc -Xclang -verify=assume -fplugin-arg-forksafe-threads=assume %s
// RUN: %forksafe_cc -fplugin-arg-forksafe-threads=none -DSPAWN %s 2>&1 | count 0

// auto-no-diagnostics

#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

int open_log(const char *path) {
  int fd = open(path, O_WRONLY | O_APPEND); // assume-warning {{'open' makes a descriptor without O_CLOEXEC}} assume-note {{other threads are assumed to run everywhere (threads=assume)}}
  if (fd >= 0)
    fcntl(fd, F_SETFD, FD_CLOEXEC); // assume-note {{close-on-exec is set only here}}
  return fd;
}

static void *logger(void *arg) {
  int fd = open_log(arg);
  return 0;
}

static void *spin(void *arg) {
  for (;;)
    pause();
}

void start(void) {
  pthread_t t;
  pthread_create(&t, 0, spin, 0); // spawn-note {{a thread started here may still be running}} assume-note {{a thread started here may still be running}}
  int fd = open("/tmp/state", O_RDWR); // spawn-warning {{'open' makes a descriptor without O_CLOEXEC}} assume-warning {{'open' makes a descriptor without O_CLOEXEC}}
  fcntl(fd, F_SETFD, FD_CLOEXEC); // spawn-note {{close-on-exec is set only here}} assume-note {{close-on-exec is set only here}}
#ifdef SPAWN
  system("true"); // spawn-note {{'system' runs a new program here, with every descriptor not close-on-exec}}
#endif
}
