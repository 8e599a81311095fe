/* The story in the README: a metrics library starts a flush thread, the
 * program forks workers, and a worker logs before it execs. If the flush
 * thread held the allocator or stdio lock at the fork, the worker hangs.
 *
 *   forksafe: unsafe-call-in-child (log_line, snprintf), exit-in-child
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* --- a metrics library ------------------------------------------------ */

static pthread_t flusher;
static pthread_mutex_t metrics_lock = PTHREAD_MUTEX_INITIALIZER;
static long counters[16];

static void *flush_loop(void *arg) {
  (void)arg;
  for (;;) {
    pthread_mutex_lock(&metrics_lock);
    char *batch = malloc(4096); /* the allocator lock, held for a moment */
    free(batch);
    pthread_mutex_unlock(&metrics_lock);
    sleep(1);
  }
  return NULL;
}

void metrics_init(void) { pthread_create(&flusher, NULL, flush_loop, NULL); }

/* --- the program ------------------------------------------------------ */

static void log_line(const char *fmt, ...) {
  char buf[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  fprintf(stderr, "%s\n", buf);
}

int main(int argc, char **argv) {
  metrics_init();
  for (int i = 0; i < 4; i++) {
    pid_t pid = fork();
    if (pid == 0) {
      log_line("worker %d starting", i);
      execvp(argv[1], argv + 1);
      exit(127);
    }
    counters[i % 16]++;
  }
  while (wait(NULL) > 0)
    ;
  return 0;
}
