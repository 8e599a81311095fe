// Correct programs produce no report: a multithreaded parent whose child
// only calls async-signal-safe functions and execs (or _exits when the exec
// fails), posix_spawn, and a single-threaded parent whose child prints and
// exits.
// RUN: %clang -g -pthread %s -o %t
// RUN: env LD_PRELOAD=%forksafe_rt %t 2>&1 | FileCheck %s --implicit-check-not=forksafe-rt
// RUN: env LD_PRELOAD=%forksafe_rt %t single 2>&1 | FileCheck %s --check-prefix=SINGLE --implicit-check-not=forksafe-rt

#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void *idle(void *arg) {
  for (;;)
    pause();
  return arg;
}

static void run(const char *path) {
  char *argv[] = {(char *)path, NULL};
  pid_t pid = fork();
  if (pid == 0) {
    int fd = open("/dev/null", O_RDONLY);
    dup2(fd, 0);
    close(fd);
    execve(path, argv, environ);
    static const char text[] = "exec failed\n";
    write(1, text, sizeof text - 1);
    _exit(127);
  }
  int status;
  waitpid(pid, &status, 0);
  printf("%s: %d\n", path, WEXITSTATUS(status));
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  if (argc > 1) {
    // SINGLE: child says hello
    // SINGLE: parent done
    pid_t pid = fork();
    if (pid == 0) {
      printf("child says hello\n");
      exit(0);
    }
    waitpid(pid, NULL, 0);
    printf("parent done\n");
    return 0;
  }
  pthread_t t;
  pthread_create(&t, NULL, idle, NULL);
  // CHECK: /bin/true: 0
  run("/bin/true");
  // CHECK: exec failed
  // CHECK: /nonexistent/program: 127
  run("/nonexistent/program");
  char *args[] = {"/bin/true", NULL};
  pid_t pid;
  int status;
  // CHECK: posix_spawn: 0
  if (posix_spawn(&pid, args[0], NULL, NULL, args, environ) == 0 &&
      waitpid(pid, &status, 0) == pid)
    printf("posix_spawn: %d\n", WEXITSTATUS(status));
  return 0;
}
