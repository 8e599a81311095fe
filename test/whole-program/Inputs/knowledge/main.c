#include "loop.h"
#include <unistd.h>

int main(void) {
  struct my_loop *loop = my_loop_new();
  if (fork() == 0) {
    serve(loop);
    _exit(0);
  }
  pid_t pid = vfork();
  if (pid == 0) {
    child_log("child");
    _exit(1);
  }
  return 0;
}
