// Fork results kept in array elements, as worker pools keep their pids:
// `pids[i]` and `pids[2]` are followed like variables; a change of the index
// variable makes `pids[i]` another element.
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void *spin(void *arg) { for (;;) pause(); }

void pool(void) {
  pid_t pids[4];
  for (int i = 0; i < 4; ++i) {
    pids[i] = fork();
    if (pids[i] == 0) {
      puts("worker"); // expected-warning {{call to 'puts' in the child}}
      _exit(0);
    }
  }
}

void vla(int n) {
  pid_t pids[n];
  pids[0] = fork();
  pids[1] = 0;
  if (pids[0] == 0) {
    puts("first"); // expected-warning {{call to 'puts' in the child}}
    _exit(0);
  }
}

void index_moves(void) {
  pid_t pids[2];
  int i = 0;
  pids[i] = fork(); // expected-warning {{its result is never tested}}
  i = 1;
  if (pids[i] == 0)
    _exit(0);
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  pool();
  vla(2);
  index_moves();
  pthread_join(t, NULL);
  return 0;
}
