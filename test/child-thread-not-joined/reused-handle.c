// One handle variable reused for several threads and joined once leaves
// the others running; an array of handles, one per thread, does not.
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <pthread.h>
#include <unistd.h>

static void *work(void *arg) { return arg; }

void reused_in_child(void) {
  if (fork() == 0) {
    pthread_t t;
    pthread_create(&t, NULL, work, NULL); // expected-warning {{thread started in the child of 'fork' is not joined before the child exits}}
    pthread_create(&t, NULL, work, NULL);
    pthread_join(t, NULL);
    _exit(0);
  }
}

void reused_in_loop(void) {
  if (fork() == 0) {
    pthread_t t;
    for (int i = 0; i < 4; ++i)
      pthread_create(&t, NULL, work, NULL); // expected-warning {{thread started in the child of 'fork' is not joined before the child exits}}
    pthread_join(t, NULL);
    _exit(0);
  }
}

void joined_each_time(void) {
  if (fork() == 0) {
    pthread_t t;
    for (int i = 0; i < 4; ++i) {
      pthread_create(&t, NULL, work, NULL);
      pthread_join(t, NULL);
    }
    _exit(0);
  }
}

void one_handle_each(void) {
  if (fork() == 0) {
    pthread_t t[4];
    for (int i = 0; i < 4; ++i)
      pthread_create(&t[i], NULL, work, NULL);
    for (int i = 0; i < 4; ++i)
      pthread_join(t[i], NULL);
    _exit(0);
  }
}

// Detached before the handle is reused: nothing to join.
void detached_then_reused(void) {
  if (fork() == 0) {
    pthread_t t;
    pthread_create(&t, NULL, work, NULL); // expected-warning {{is detached}}
    pthread_detach(t);
    pthread_create(&t, NULL, work, NULL);
    pthread_join(t, NULL);
    _exit(0);
  }
}
