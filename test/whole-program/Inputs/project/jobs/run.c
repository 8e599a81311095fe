// Runs a job's program; a failed exec leaves with exit(), which flushes the
// parent's stdio buffers a second time.
#include <stdlib.h>
#include <unistd.h>

void run_job(char **argv) {
  execv(argv[0], argv);
  exit(127);
}
