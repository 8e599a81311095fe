// vfork is not wrapped, and a vfork child, which shares its parent's
// memory, changes nothing: its failed exec is not its parent's, so the
// parent's exit() after it is fine. Its exec and _exit are looked up at
// load time, never in the vfork child.
// RUN: %clang -g -pthread %s -o %t
// RUN: env LD_PRELOAD=%forksafe_rt %t 2>&1 | FileCheck %s --implicit-check-not=forksafe-rt
// CHECK: vfork child exited 127
// CHECK-NEXT: fork child exited 0

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void spawn_missing(void) {
  char *argv[] = {"/nonexistent/program", NULL};
  pid_t pid = vfork();
  if (pid == 0) {
    execve(argv[0], argv, environ);
    _exit(127);
  }
  int status;
  waitpid(pid, &status, 0);
  printf("vfork child exited %d\n", WEXITSTATUS(status));
  fflush(stdout);
}

int main(void) {
  pid_t pid = fork();
  if (pid == 0) {
    /* A single-threaded child: exit() is fine here, having made no exec
     * of its own. */
    spawn_missing();
    exit(0);
  }
  int status;
  waitpid(pid, &status, 0);
  printf("fork child exited %d\n", WEXITSTATUS(status));
  return 0;
}
