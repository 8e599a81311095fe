// The note names the thread whose run may overlap the fork.
// RUN: %forksafe_cc -Xclang -verify %s

#include <pthread.h>
#include <unistd.h>

static void *spin(void *arg) { for (;;) pause(); }
void work(void);

static pthread_t flusher;
void start_flusher(void) {
  pthread_create(&flusher, NULL, spin, NULL); // expected-note {{that thread is started here}}
}

void rule2(void) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL); // expected-note {{a thread started here may still be running}}
  if (fork() == 0) // expected-warning {{'fork' is called while other threads may be running, and its child goes on into code the parent also runs}} \
                   // expected-note {{fork before starting threads, or use posix_spawn}}
    work();
  pthread_join(t, NULL); // expected-note {{the child goes on here, in code the parent also runs}}
}

void rule3(void) {
  start_flusher(); // expected-note {{'start_flusher' may return with a thread still running}}
  fork(); // expected-warning {{its result is never tested}} \
          // expected-note {{fork before starting threads, or use posix_spawn}}
}

static void respawn(void) {
  pid_t pid = fork(); // expected-warning {{its child returns from 'respawn'}} \
                      // expected-note {{fork before starting threads, or use posix_spawn}}
  if (pid == 0)
    work();
} // expected-note {{the child returns from here}}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL); // expected-note {{a thread started here may still be running}}
  respawn(); // expected-note {{'main' calls 'respawn' here, while a thread may be running}}
  rule2();
  rule3();
  return 0;
}
