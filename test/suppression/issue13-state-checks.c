// NOLINT with the names of the checks that follow state across a fork
// (locks, signals), and checks= that turns them off.
// RUN: %forksafe_cc -Xclang -verify %s
// RUN: %forksafe_cc -fplugin-arg-forksafe-checks=-lock-held-across-fork,-exec-with-inherited-signals %s 2>&1 | count 0

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

void relocks(void) {
  pthread_mutex_lock(&table_lock);
  pthread_mutex_lock(&log_lock); // expected-note {{'log_lock' is taken here and held across the fork}}
  if (fork() == 0) { // expected-note {{the child of 'fork' starts here}}
    pthread_mutex_lock(&table_lock); // NOLINT(forksafe-lock-held-across-fork)
    pthread_mutex_lock(&log_lock); // expected-warning {{[forksafe-lock-held-across-fork]}}
    _exit(0);
  }
  pthread_mutex_unlock(&log_lock);
  pthread_mutex_unlock(&table_lock);
}

void spawn_quietly(char **argv) {
  signal(SIGPIPE, SIG_IGN);
  if (fork() == 0) {
    execv(argv[0], argv); // NOLINT(forksafe-exec-with-inherited-signals)
    _exit(127);
  }
}

void spawn(char **argv) {
  signal(SIGPIPE, SIG_IGN); // expected-note {{SIGPIPE is ignored here}}
  if (fork() == 0) { // expected-note {{the child of 'fork' starts here}}
    execv(argv[0], argv); // expected-warning {{[forksafe-exec-with-inherited-signals]}}
    _exit(127);
  }
}
