#include <stdlib.h>
#include <unistd.h>

int main(void) {
  if (fork() == 0) {
    execl("/bin/true", "true", (char *)0);
    /* ünïcode */ exit(127);
  }
  return 0;
}
