#include <stdlib.h>
#include <unistd.h>
void daemonize(void) {
  if (fork() > 0)
    exit(0);
  setsid();
  if (fork() > 0)
    _exit(0);
}
