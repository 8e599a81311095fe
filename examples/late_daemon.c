/* A service that starts its worker threads and only then daemonizes: the
 * daemon process keeps the main thread alone, with the workers' locks in
 * whatever state daemon()'s fork caught them.
 *
 *   forksafe: fork-with-threads
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void *serve(void *arg) {
  for (;;)
    pause();
  return arg;
}

int main(void) {
  pthread_t workers[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&workers[i], NULL, serve, NULL);
  if (daemon(0, 0) < 0) {
    perror("daemon");
    return 1;
  }
  pause();
  return 0;
}
