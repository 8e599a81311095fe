/* The same bug, with the finding suppressed where it is. */
#include <stdlib.h>
#include <unistd.h>

void launch_quietly(char **argv) {
  if (fork() == 0) {
    execvp(argv[0], argv);
    exit(127); // NOLINT(forksafe-exit-in-child): the parent has no atexit handlers
  }
}
