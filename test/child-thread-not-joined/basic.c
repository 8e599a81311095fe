// A thread that the child starts must be joined before the child exits:
// the exit (or exec) kills it mid-work.
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <pthread.h>
#include <stdlib.h>
#include <threads.h>
#include <unistd.h>

static void *upload(void *job) { return job; }
static int upload_c11(void *job) { return 0; }
void prepare(void);

void exits_with_underscore(void *job) {
  if (fork() == 0) {
    pthread_t t;
    pthread_create(&t, NULL, upload, job); // expected-warning {{thread started in the child of 'fork' is not joined before the child exits [forksafe-child-thread-not-joined]}}
    _exit(0);
  }
}

void joins_first(void *job) {
  if (fork() == 0) {
    pthread_t t;
    pthread_create(&t, NULL, upload, job);
    pthread_join(t, NULL);
    _exit(0);
  }
}

void joins_on_one_path_only(void *job, int wait) {
  if (fork() == 0) {
    pthread_t t;
    pthread_create(&t, NULL, upload, job); // expected-warning {{is not joined before the child exits}}
    if (wait)
      pthread_join(t, NULL);
    _exit(0);
  }
}

void detaches(void *job) {
  if (fork() == 0) {
    pthread_t t;
    pthread_create(&t, NULL, upload, job); // expected-warning {{thread started in the child of 'fork' is detached, and the child exits while it may still run}}
    pthread_detach(t);
    _exit(0);
  }
}

void execs(void *job, char **argv) {
  if (fork() == 0) {
    pthread_t t;
    pthread_create(&t, NULL, upload, job); // expected-warning {{is not joined}}
    execv(argv[0], argv);
    _exit(127);
  }
}

void calls_exit(void *job) {
  pid_t pid = fork();
  if (pid == 0) {
    thrd_t t;
    thrd_create(&t, upload_c11, job); // expected-warning {{is not joined}}
    exit(0);
  }
}

void c11_joined(void *job) {
  pid_t pid = fork();
  if (pid == 0) {
    thrd_t t;
    thrd_create(&t, upload_c11, job);
    thrd_join(t, NULL);
    _exit(0);
  }
}

// The child's thread runs as long as the child does: no exit, no report.
void serves_forever(void *job) {
  if (fork() == 0) {
    pthread_t t;
    pthread_create(&t, NULL, upload, job);
    for (;;)
      pause();
  }
}

// Threads of the parent are not the child's: they are not in it at all.
void parent_thread(void *job) {
  pthread_t t;
  pthread_create(&t, NULL, upload, job);
  if (fork() == 0)
    _exit(0);
  pthread_join(t, NULL);
}

int main(int argc, char **argv) {
  if (fork() == 0) {
    pthread_t t;
    pthread_create(&t, NULL, upload, NULL); // expected-warning {{is not joined}}
    return 0;
  }
  return 0;
}
