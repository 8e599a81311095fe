#include <stdio.h>
#include <unistd.h>

void metrics_init(void);

int main(void) {
  metrics_init();
  if (fork() == 0) {
    printf("worker\n");
    _exit(0);
  }
  return 0;
}
