#include <unistd.h>

void start_workers(void);
void log_msg(const char *text);

int main(void) {
  start_workers();
  if (fork() == 0) {
    log_msg("child");
    _exit(0);
  }
  return 0;
}
