/* N times: fork, execve /bin/true in the child, waitpid in the parent.
 * Usage: fork_exec N */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 2000;
  char *args[] = {"/bin/true", NULL};
  for (int i = 0; i < n; i++) {
    pid_t pid = fork();
    if (pid == 0) {
      execve(args[0], args, environ);
      _exit(127);
    }
    int status;
    if (pid < 0 || waitpid(pid, &status, 0) != pid || status != 0) {
      fprintf(stderr, "fork_exec: run %d failed\n", i);
      return 1;
    }
  }
  return 0;
}
