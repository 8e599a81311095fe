/* A thread pool whose workers fork to run each job: the child of a worker
 * returns into the worker's loop, runs the next job with every lock of the
 * parent's other threads in whatever state the fork caught them.
 *
 *   forksafe: fork-in-thread
 */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

struct job {
  const char *name;
  void (*run)(const char *);
};

static struct job queue[64];
static int head, tail;
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;

static struct job *next_job(void) {
  struct job *j = NULL;
  pthread_mutex_lock(&queue_lock);
  if (head != tail)
    j = &queue[head++ % 64];
  pthread_mutex_unlock(&queue_lock);
  return j;
}

static void *worker(void *arg) {
  (void)arg;
  for (;;) {
    struct job *j = next_job();
    if (!j) {
      usleep(1000);
      continue;
    }
    if (fork() == 0)
      j->run(j->name);
  }
  return NULL;
}

int main(void) {
  pthread_t pool[4];
  for (int i = 0; i < 4; i++)
    pthread_create(&pool[i], NULL, worker, NULL);
  for (int i = 0; i < 4; i++)
    pthread_join(pool[i], NULL);
  return 0;
}
