// A lock the forking function holds at the fork, taken again in the child:
// the child's copy is held by a thread the child does not have, and the
// child waits forever, threads or not.
// RUN: %forksafe_cc -Xclang -verify %s
// RUN: %forksafe_cc -fplugin-arg-forksafe-checks=-lock-held-across-fork %s 2>&1 | count 0

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static int table[16];

void update_table(int i) {
  pthread_mutex_lock(&table_lock); // expected-note {{'update_table' calls 'pthread_mutex_lock' here}}
  table[i]++;
  pthread_mutex_unlock(&table_lock);
}

void held_and_retaken(void) {
  pthread_mutex_lock(&table_lock); // expected-note {{'table_lock' is taken here and held across the fork}}
  pid_t pid = fork(); // expected-note {{the child of 'fork' starts here}}
  if (pid == 0) {
    pthread_mutex_lock(&table_lock); // expected-warning {{'pthread_mutex_lock' in the child takes 'table_lock', which the parent held at 'fork': the child's copy stays held by a thread the child does not have, and the child waits forever; release it before the fork [forksafe-lock-held-across-fork]}}
    table[0] = 0;
    _exit(0);
  }
  pthread_mutex_unlock(&table_lock);
}

void retaken_in_a_callee(void) {
  pthread_mutex_lock(&table_lock); // expected-note {{'table_lock' is taken here and held across the fork}}
  if (fork() == 0) { // expected-note {{the child of 'fork' starts here}}
    update_table(1); // expected-warning {{'update_table' in the child takes 'table_lock' (by 'pthread_mutex_lock'), which the parent held at 'fork'}}
    _exit(0);
  }
  pthread_mutex_unlock(&table_lock);
}

// Released before the fork, on every path or on one.
void released_first(int early) {
  pthread_mutex_lock(&table_lock);
  if (early)
    pthread_mutex_unlock(&table_lock);
  else
    pthread_mutex_unlock(&table_lock);
  if (fork() == 0) {
    update_table(2);
    _exit(0);
  }
}

void held_on_one_path(int locked) {
  if (locked)
    pthread_mutex_lock(&table_lock);
  if (fork() == 0) {
    update_table(3);
    _exit(0);
  }
  if (locked)
    pthread_mutex_unlock(&table_lock);
}

// The child releases its copy first (legal for a normal mutex), or takes
// another lock, or only execs.
static pthread_mutex_t other_lock = PTHREAD_MUTEX_INITIALIZER;
void child_releases_first(void) {
  pthread_mutex_lock(&table_lock);
  if (fork() == 0) {
    pthread_mutex_unlock(&table_lock);
    update_table(4);
    _exit(0);
  }
  pthread_mutex_unlock(&table_lock);
}

void child_takes_another(void) {
  pthread_mutex_lock(&table_lock);
  if (fork() == 0) {
    pthread_mutex_lock(&other_lock);
    _exit(0);
  }
  pthread_mutex_unlock(&table_lock);
}

void child_execs(char **argv) {
  pthread_mutex_lock(&table_lock);
  if (fork() == 0) {
    execv(argv[0], argv);
    _exit(127);
  }
  pthread_mutex_unlock(&table_lock);
}

// A function that may release locks is taken to release them all.
void unlock_all(void) { pthread_mutex_unlock(&table_lock); }
void released_by_a_callee(void) {
  pthread_mutex_lock(&table_lock);
  unlock_all();
  if (fork() == 0) {
    update_table(5);
    _exit(0);
  }
}

// A stream's lock: stdio takes it inside every call on the stream.
void stream_locked(void) {
  flockfile(stdout); // expected-note {{'stdout' is taken here and held across the fork}}
  if (fork() == 0) { // expected-note {{the child of 'fork' starts here}}
    flockfile(stdout); // expected-warning {{'flockfile' in the child takes 'stdout'}}
    _exit(0);
  }
  funlockfile(stdout);
}
