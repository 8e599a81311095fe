#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
void daemonize(void);
static void *spin(void *arg) { for (;;) pause(); }
int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  daemonize();
  if (fork() == 0) {
    puts("worker");
    _exit(0);
  }
  return 0;
}
