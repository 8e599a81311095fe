#include "plugins.h"
#include <pthread.h>
#include <stddef.h>

void *reloader(void *arg) {
  for (const struct plugin **p = plugins; *p; ++p)
    (*p)->reload();
  return arg;
}

int main(void) {
  pthread_t t;
  start_thread(&t, reloader, NULL);
  pthread_join(t, NULL);
  return 0;
}
