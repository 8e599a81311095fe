// fork() reachable from a thread start routine, with a child that escapes.
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <pthread.h>
#include <stdio.h>
#include <threads.h>
#include <unistd.h>

typedef struct job job_t;
job_t *next_job(void *queue);
void run(job_t *job);

// The child of a worker escapes back into the worker's loop.
static void *worker(void *arg) {
  for (;;) {
    job_t *j = next_job(arg);
    if (fork() == 0) // expected-warning {{'fork' is called from a thread other than the main thread, and its child goes on into code the parent also runs [forksafe-fork-in-thread]}}
      run(j);
  }
}

// Reached from a routine through a chain of calls.
static void spawn_helper(void) {
  pid_t pid = fork(); // expected-warning {{'fork' is called from a thread other than the main thread, and its child returns from 'spawn_helper'}}
  if (pid == 0)
    puts("helper child");
}
static void handle_request(void) { spawn_helper(); }
static void *server(void *arg) {
  handle_request();
  return NULL;
}

// A bounded child in a thread is no fork-in-thread; its unsafe calls are
// unsafe-call-in-child's.
static void *execer(void *arg) {
  pid_t pid = fork();
  if (pid == 0) {
    puts("exec"); // expected-warning {{call to 'puts' in the child of a multithreaded process}}
    execl("/bin/true", "true", (char *)0);
    _exit(127);
  }
  return NULL;
}

// C11 threads.
static int c11_routine(void *arg) {
  fork(); // expected-warning {{'fork' is called from a thread other than the main thread, and its result is never tested}}
  return 0;
}

int main(void) {
  pthread_t a, b, c;
  pthread_create(&a, NULL, worker, NULL);
  pthread_create(&b, NULL, (void *(*)(void *))server, NULL);
  pthread_create(&c, NULL, &execer, NULL);
  thrd_t d;
  thrd_create(&d, c11_routine, NULL);
  return 0;
}
