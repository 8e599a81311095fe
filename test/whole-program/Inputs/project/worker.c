// The server: the metrics thread starts in metrics.c, the workers fork
// here, and the children log (log.c) and run their jobs (jobs/run.c).
// Compiled alone, nothing here is wrong that forksafe could see.
#include <unistd.h>

void metrics_init(void);
void log_line(const char *msg);
void run_job(char **argv);

static void spawn_worker(char **argv) {
  if (fork() == 0) {
    log_line("worker starting");
    run_job(argv);
  }
}

int main(int argc, char **argv) {
  metrics_init();
  spawn_worker(argv + 1);
  return 0;
}
