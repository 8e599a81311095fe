// A system header with inline helpers: judged by their bodies.
#include <pthread.h>
#include <string.h>
#include <unistd.h>

static inline void helper_nothing(void) {}
static inline void helper_write(const char *s) { write(2, s, strlen(s)); }
static pthread_mutex_t helper_lock = PTHREAD_MUTEX_INITIALIZER;
static inline void helper_locks(void) {
  pthread_mutex_lock(&helper_lock);
  pthread_mutex_unlock(&helper_lock);
}
