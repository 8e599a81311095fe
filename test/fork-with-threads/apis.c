// GLib and libuv threads (declared here as their headers declare them),
// forks in a child, a fork retried in a loop, a switch whose child case
// falls through.
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct _GThread GThread;
typedef void *(*GThreadFunc)(void *);
GThread *g_thread_new(const char *name, GThreadFunc func, void *data);
void *g_thread_join(GThread *thread);
typedef unsigned long uv_thread_t;
typedef void (*uv_thread_cb)(void *arg);
int uv_thread_create(uv_thread_t *tid, uv_thread_cb entry, void *arg);
int uv_thread_join(uv_thread_t *tid);

static void *glib_worker(void *d) {
  fork(); // expected-warning {{'fork' is called from a thread other than the main thread, and its result is never tested}}
  return d;
}
static void uv_worker(void *d) {
  if (fork() == 0) // expected-warning {{[forksafe-fork-in-thread]}}
    puts("child");
}

void glib_thread(void) {
  GThread *t = g_thread_new("worker", glib_worker, NULL);
  fork(); // expected-warning {{'fork' is called while other threads may be running}}
  g_thread_join(t);
  fork();
}

void uv_thread(void) {
  uv_thread_t t;
  uv_thread_create(&t, uv_worker, NULL);
  fork(); // expected-warning {{'fork' is called while other threads may be running}}
  uv_thread_join(&t);
  fork();
}

static void *spin(void *arg) { for (;;) pause(); }

// The daemon's double fork, late: the grandchild inherits the same locks.
void double_fork(void) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  if (fork() == 0) {
    setsid();
    if (fork() == 0) { // expected-warning {{call to 'fork' in the child of a multithreaded process}}
      puts("grandchild"); // expected-warning {{call to 'puts' in the child}}
      _exit(0);
    }
    _exit(0);
  }
}

void retried(void) {
  pid_t pid;
  while ((pid = fork()) < 0)
    sleep(1);
  if (pid == 0) {
    execl("/bin/true", "true", (char *)0);
    _exit(127);
  }
}

void switch_falls_through(char **argv) {
  switch (fork()) {
  case 0:
    execv(argv[0], argv); // expected-warning {{if 'execv' fails, the child goes on into code the parent runs}}
  default:
    puts("parent");
  }
}
