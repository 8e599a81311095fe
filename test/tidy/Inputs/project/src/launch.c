/* A failed exec that ends with exit(): the fix-it makes it _exit. */
#include <stdlib.h>
#include <unistd.h>

void launch(char **argv) {
  if (fork() == 0) {
    execvp(argv[0], argv);
    exit(127);
  }
}
