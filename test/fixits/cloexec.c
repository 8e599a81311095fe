// cloexec-race's fix-its make the descriptor close-on-exec where it is
// made: the flag added to the flags (in place of a literal 0, in
// parentheses around an expression that binds looser than `|`), "e" at the
// end of a mode string, or the *_CLOEXEC variant of the call.
// RUN: %forksafe_cc -D_GNU_SOURCE -fdiagnostics-parseable-fixits %s 2>&1 | FileCheck %s
// RUN: rm -rf %t && mkdir -p %t && cp %s %t/fixed.c
// RUN: %forksafe_cc -D_GNU_SOURCE -Xclang -fixit %t/fixed.c
// RUN: %clang -D_GNU_SOURCE -fsyntax-only -Wall -Werror %t/fixed.c
// RUN: %forksafe_cc -D_GNU_SOURCE %t/fixed.c 2>&1 | count 0
// RUN: FileCheck %s --check-prefix=FIXED < %t/fixed.c

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <unistd.h>

static void mark(int fd) { fcntl(fd, F_SETFD, FD_CLOEXEC); }

enum { APPEND = 1 };

static void *worker(void *arg) {
  int a = open("/tmp/a", O_WRONLY | O_CREAT, 0644);
  mark(a);
  int b = open("/tmp/b", APPEND ? O_APPEND | O_WRONLY : O_WRONLY);
  mark(b);
  int c = creat("/tmp/c", 0600);
  mark(c);
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  mark(s);
  int conn = accept(s, NULL, NULL);
  mark(conn);
  int fds[2];
  if (pipe(fds) == 0)
    mark(fds[1]);
  int copy = dup(a);
  mark(copy);
  int ep = epoll_create(8);
  mark(ep);
  int ep1 = epoll_create1(0);
  mark(ep1);
  int in = inotify_init();
  mark(in);
  FILE *f = fopen("/tmp/d", "w+");
  if (f)
    mark(fileno(f));
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  if (fork() == 0) {
    execl("/bin/true", "true", (char *)0);
    _exit(127);
  }
  pthread_join(t, 0);
  return 0;
}
// CHECK: fix-it:"{{.*}}":{25:26-25:44}:"O_WRONLY | O_CREAT | O_CLOEXEC"
// CHECK: fix-it:"{{.*}}":{27:26-27:65}:"(APPEND ? O_APPEND | O_WRONLY : O_WRONLY) | O_CLOEXEC"
// CHECK: fix-it:"{{.*}}":{29:11-29:32}:"open(\"/tmp/c\", O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0600)"
// CHECK: fix-it:"{{.*}}":{31:27-31:38}:"SOCK_STREAM | SOCK_CLOEXEC"
// CHECK: fix-it:"{{.*}}":{33:14-33:35}:"accept4(s, NULL, NULL, SOCK_CLOEXEC)"
// CHECK: fix-it:"{{.*}}":{36:7-36:16}:"pipe2(fds, O_CLOEXEC)"
// CHECK: fix-it:"{{.*}}":{38:14-38:20}:"fcntl(a, F_DUPFD_CLOEXEC, 0)"
// CHECK: fix-it:"{{.*}}":{40:12-40:27}:"epoll_create1(EPOLL_CLOEXEC)"
// CHECK: fix-it:"{{.*}}":{42:27-42:28}:"EPOLL_CLOEXEC"
// CHECK: fix-it:"{{.*}}":{44:12-44:26}:"inotify_init1(IN_CLOEXEC)"
// CHECK: fix-it:"{{.*}}":{46:32-46:32}:"e"
// FIXED: int a = open("/tmp/a", O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
// FIXED: int b = open("/tmp/b", (APPEND ? O_APPEND | O_WRONLY : O_WRONLY) | O_CLOEXEC);
// FIXED: int c = open("/tmp/c", O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0600);
// FIXED: int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
// FIXED: int conn = accept4(s, NULL, NULL, SOCK_CLOEXEC);
// FIXED: if (pipe2(fds, O_CLOEXEC) == 0)
// FIXED: int copy = fcntl(a, F_DUPFD_CLOEXEC, 0);
// FIXED: int ep = epoll_create1(EPOLL_CLOEXEC);
// FIXED: int ep1 = epoll_create1(EPOLL_CLOEXEC);
// FIXED: int in = inotify_init1(IN_CLOEXEC);
// FIXED: FILE *f = fopen("/tmp/d", "w+e");
