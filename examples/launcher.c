/* A launcher: if exec fails, one child falls through into the parent's
 * loop and launches programs of its own; the other calls exit(), which
 * flushes the parent's buffered output a second time.
 *
 *   forksafe: child-fallthrough, exit-in-child (each with a fix-it)
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void launch(char *const argv[]) {
  if (fork() == 0)
    execvp(argv[0], argv);
}

static pid_t launch_logged(char *const argv[]) {
  printf("launching %s\n", argv[0]); /* buffered: the child inherits it */
  pid_t pid = fork();
  if (pid == 0) {
    execvp(argv[0], argv);
    perror(argv[0]);
    exit(127);
  }
  return pid;
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    char *args[] = {argv[i], NULL};
    launch(args);
    launch_logged(args);
  }
  while (wait(NULL) > 0)
    ;
  return 0;
}
