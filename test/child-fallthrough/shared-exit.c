// A failed exec that jumps to an error label the path that never forked
// also reaches (busybox inetd: `if (pid == 0) pid--;` marks the child, a
// builtin runs without forking), where every path ends the process: the
// child does not run on. Where the shared code goes on, it does.
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

__attribute__((noreturn)) void exit_failure(void);
void run_builtin(int fd);
int prepare(int fd);
void serve_more(int fd);

void serve_one(int builtin, int fd, char **argv) {
  pid_t pid = 0;
  if (!builtin) {
    pid = fork();
    if (pid < 0)
      return;
    if (pid == 0)
      pid--; // -1: "we did fork and we are the child"
  }
  if (pid > 0)
    return;
  // The child, or the process itself for a builtin.
  if (builtin) {
    run_builtin(fd);
    if (pid)
      exit_failure();
    return;
  }
  if (prepare(fd) < 0)
    goto fail;
  execv(argv[0], argv);
fail:
  recv(fd, NULL, 0, MSG_DONTWAIT);
  exit_failure();
}

// The same label, but the shared code returns: the failed child runs on.
void serve_two(int builtin, int fd, char **argv) {
  pid_t pid = 0;
  if (!builtin) {
    pid = fork();
    if (pid < 0)
      return;
    if (pid == 0)
      pid--;
  }
  if (pid > 0)
    return;
  if (builtin) {
    run_builtin(fd);
    if (pid)
      exit_failure();
    return;
  }
  if (prepare(fd) < 0)
    goto fail;
  execv(argv[0], argv); // expected-warning {{if 'execv' fails, the child goes on into code that also runs without a fork}}
fail:
  serve_more(fd);
}
