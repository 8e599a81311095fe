// A descriptor made without its close-on-exec flag and marked close-on-exec
// by a later fcntl, where other threads may run, in a program that forks
// and execs: a child another thread forks between the two calls execs with
// the descriptor open.
// RUN: %forksafe_cc -D_GNU_SOURCE -Xclang -verify %s
// RUN: %forksafe_cc -D_GNU_SOURCE -fplugin-arg-forksafe-threads=assume %s 2>&1 | FileCheck %s --check-prefix=ASSUME
// RUN: %forksafe_cc -D_GNU_SOURCE -fplugin-arg-forksafe-checks=-cloexec-race %s 2>&1 | count 0

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

struct conn {
  int fd;
};

static int set_cloexec(int fd) {
  int flags = fcntl(fd, F_GETFD);
  if (flags < 0)
    return -1;
  flags |= FD_CLOEXEC;
  return fcntl(fd, F_SETFD, flags); // expected-note {{close-on-exec is set only here; with SOCK_CLOEXEC in the 'socket' call this 'fcntl' becomes redundant}} expected-note {{with 'accept4' and SOCK_CLOEXEC in place of 'accept' this 'fcntl' becomes redundant}}
}

static void *reader(void *arg) {
  int fd = open("/etc/hosts", O_RDONLY); // expected-warning {{'open' makes a descriptor without O_CLOEXEC and sets close-on-exec only later: a program that another thread forks and execs in between inherits it [forksafe-cloexec-race]}}
  if (fd < 0)
    return 0;
  fcntl(fd, F_SETFD, FD_CLOEXEC); // expected-note {{close-on-exec is set only here; with O_CLOEXEC in the 'open' call this 'fcntl' becomes redundant}}
  close(fd);
  return 0;
}

static void *listener(void *arg) {
  struct conn *c = arg;
  c->fd = socket(AF_INET, SOCK_STREAM, 0); // expected-warning {{'socket' makes a descriptor without SOCK_CLOEXEC}}
  set_cloexec(c->fd); // expected-note {{'set_cloexec' sets close-on-exec through here}}
  int fds[2];
  if (pipe(fds) < 0) // expected-warning {{'pipe' makes descriptors without close-on-exec and sets close-on-exec only later: a program that another thread forks and execs in between inherits them}}
    return 0;
  ioctl(fds[0], FIOCLEX); // expected-note {{close-on-exec is set only here; with 'pipe2' and O_CLOEXEC in place of 'pipe' this 'ioctl' becomes redundant}}
  FILE *f = fopen("/etc/passwd", "r"); // expected-warning {{'fopen' makes a descriptor without the "e" mode}}
  if (f)
    fcntl(fileno(f), F_SETFD, FD_CLOEXEC); // expected-note {{with the "e" mode in the 'fopen' call this 'fcntl' becomes redundant}}
  int ep = epoll_create(16); // expected-warning {{'epoll_create' makes a descriptor without close-on-exec}}
  fcntl(ep, F_SETFD, FD_CLOEXEC); // expected-note {{with 'epoll_create1' and EPOLL_CLOEXEC in place of 'epoll_create'}}
  int copy = dup(ep); // expected-warning {{'dup' makes a descriptor without close-on-exec}}
  fcntl(copy, F_SETFD, FD_CLOEXEC); // expected-note {{with 'fcntl' and F_DUPFD_CLOEXEC in place of 'dup'}}
  int client = accept(c->fd, 0, 0); // expected-warning {{'accept' makes a descriptor without close-on-exec}}
  set_cloexec(client); // expected-note {{'set_cloexec' sets close-on-exec through here}}
  return 0;
}

// Close-on-exec from the start, or flags the model cannot read.
static void *careful(void *arg) {
  int flags = *(int *)arg;
  int a = open("/etc/hosts", O_RDONLY | O_CLOEXEC);
  fcntl(a, F_SETFD, FD_CLOEXEC);
  int b = open("/etc/hosts", flags);
  fcntl(b, F_SETFD, FD_CLOEXEC);
  int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  set_cloexec(s);
  FILE *f = fopen("/etc/hosts", "re");
  fcntl(fileno(f), F_SETFD, FD_CLOEXEC);
  int fds[2];
  pipe2(fds, O_CLOEXEC);
  int ep = epoll_create1(EPOLL_CLOEXEC);
  fcntl(ep, F_SETFD, FD_CLOEXEC);
  return 0;
}

// Never marked (meant to be inherited, or a leak of another kind), marked
// for another descriptor, or cleared.
static void *unmarked(void *arg) {
  int keep = open("/dev/null", O_RDWR);
  int other = open("/dev/null", O_RDWR);
  fcntl(other + 1, F_SETFD, FD_CLOEXEC);
  int cleared = open("/dev/null", O_RDWR);
  fcntl(cleared, F_SETFD, 0);
  int reused = open("/dev/null", O_RDWR);
  close(reused);
  reused = open("/dev/zero", O_RDONLY | O_CLOEXEC);
  fcntl(reused, F_SETFD, FD_CLOEXEC);
  return 0;
}

// Before any thread starts, and in a child, there is no other thread to
// fork in between.
static void setup(void) {
  int fd = open("/etc/hosts", O_RDONLY);
  fcntl(fd, F_SETFD, FD_CLOEXEC);
}

int main(void) {
  setup();
  pthread_t t[4];
  struct conn c;
  int flags = 0;
  pthread_create(&t[0], 0, reader, 0); // expected-note {{a thread started here runs 'reader'}}
  pthread_create(&t[1], 0, listener, &c); // expected-note 6 {{a thread started here runs 'listener'}}
  pthread_create(&t[2], 0, careful, &flags);
  pthread_create(&t[3], 0, unmarked, 0);
  pid_t pid = fork();
  if (pid == 0) {
    int fd = open("/dev/null", O_RDWR);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    execl("/bin/true", "true", (char *)0); // expected-note 7 {{'execl' runs a new program here, with every descriptor not close-on-exec}}
    _exit(127);
  }
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], 0);
  return 0;
}

// The atomic way first, the racy one where the system lacks it: a fallback,
// not reported.
int pipe_fallback(int fds[2], int flags) {
  if (pipe2(fds, flags) == 0)
    return 0;
  if (pipe(fds) < 0)
    return -1;
  fcntl(fds[0], F_SETFD, FD_CLOEXEC);
  fcntl(fds[1], F_SETFD, FD_CLOEXEC);
  return 0;
}

int dup_fallback(int fd) {
  int copy = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (copy >= 0)
    return copy;
  copy = dup(fd);
  fcntl(copy, F_SETFD, FD_CLOEXEC);
  return copy;
}

int open_fallback(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    fd = open(path, O_RDONLY);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
  }
  return fd;
}
// ASSUME-NOT: fallback
// ASSUME-NOT: basic.c:{{1[0-9][0-9]}}:{{.*}}warning: {{.*}}[forksafe-cloexec-race]
