// Where no repair is mechanical, the warnings carry no fix-it.
// RUN: %forksafe_cc -fdiagnostics-parseable-fixits %s 2>&1 | FileCheck %s --implicit-check-not=fix-it:
// CHECK-COUNT-7: warning:
// CHECK: 7 warnings generated.

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void *upload(void *job) { return job; }
static pthread_t started_elsewhere;
static void start_uploader(void *job) {
  pthread_create(&started_elsewhere, NULL, upload, job);
}

// Attributes may make the thread detached: joining it is undefined.
void with_attributes(void *job, pthread_attr_t *attr) {
  if (fork() == 0) {
    pthread_t t;
    pthread_create(&t, attr, upload, job);
    _exit(0);
  }
}

// Detached: never joinable.
void detached(void *job) {
  if (fork() == 0) {
    pthread_t t;
    pthread_create(&t, NULL, upload, job);
    pthread_detach(t);
    _exit(0);
  }
}

// The handle is not a plain variable.
void in_array(void *job) {
  if (fork() == 0) {
    pthread_t pool[2];
    pthread_create(&pool[0], NULL, upload, job);
    _exit(0);
  }
}

// The handle is out of scope at the exit.
void out_of_scope(void *job) {
  if (fork() == 0) {
    {
      pthread_t t;
      pthread_create(&t, NULL, upload, job);
    }
    _exit(0);
  }
}

// Started in a function the child calls: there is no handle here to join.
void in_callee(void *job) {
  if (fork() == 0) {
    start_uploader(job);
    _exit(0);
  }
}

// An exec whose result is tested: `_exit(127);` after the if would come
// too late for the path that returns.
int exec_tested(char **argv) {
  if (fork() == 0) {
    if (execvp(argv[0], argv) == -1) {
      perror("execvp");
      return 1;
    }
  }
  return 0;
}

// A format with conversions cannot become a fixed write().
static void *spin(void *arg) { for (;;) pause(); }
int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  if (fork() == 0) {
    printf("%d\n", 1);
    _exit(0);
  }
  return 0;
}
