// A child, with a thread running, calls close_fds() of fds.c.
#include <pthread.h>
#include <unistd.h>

void close_fds(void);

static void *spin(void *arg) { for (;;) pause(); }

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  if (fork() == 0) {
    close_fds();
    _exit(0);
  }
  return 0;
}
