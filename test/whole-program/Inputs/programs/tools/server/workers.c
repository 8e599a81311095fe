#include <pthread.h>

static void *work(void *arg) { return arg; }

void start_workers(void) {
  pthread_t t;
  pthread_create(&t, 0, work, 0);
}
