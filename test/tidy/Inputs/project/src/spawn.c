/* Correct: exec at once, _exit if it fails. */
#include <unistd.h>

pid_t spawn(char **argv) {
  pid_t pid = fork();
  if (pid == 0) {
    execvp(argv[0], argv);
    _exit(127);
  }
  return pid;
}
