#include <pthread.h>
#include <stdlib.h>

struct start {
  void *(*routine)(void *);
  void *arg;
};

static void *trampoline(void *p) {
  struct start s = *(struct start *)p;
  free(p);
  return s.routine(s.arg);
}

int start_thread(pthread_t *t, void *(*routine)(void *), void *arg) {
  struct start *s = malloc(sizeof *s);
  s->routine = routine;
  s->arg = arg;
  return pthread_create(t, NULL, trampoline, s);
}
