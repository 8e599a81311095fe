// A function that returns only in the child of its fork (a daemonize()
// whose parent exits inside it, double fork included) is a fork site like
// daemon(): each call of it is where the process becomes the child, and
// everything after the call is the child's. The forks inside it are not
// reported for themselves.
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void *spin(void *arg) { for (;;) pause(); }
void serve(void);

static void daemonize(void) {
  if (fork() > 0)
    exit(0);
  setsid();
  if (fork() > 0)
    _exit(0);
  chdir("/");
}

// Through a wrapper, and with the error path returning -1 in the process
// that could not fork, as daemon() does.
static int go_background(void) {
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid > 0)
    _exit(0);
  return 0;
}
static void start_daemon(void) {
  if (go_background() < 0)
    exit(1);
  setsid();
}

// Not: the parent returns too (a fork wrapper, or a spawn).
static pid_t parent_returns(void) {
  pid_t pid = fork();
  if (pid == 0)
    setsid();
  return pid;
}
// Not: it returns without forking when asked to stay in the foreground.
static void maybe_daemonize(int background) {
  if (!background)
    return;
  if (fork() > 0) // expected-warning {{'fork' is called while other threads may be running, and its child returns from 'maybe_daemonize'}}
    exit(0);
}

void threads_then_daemonize(void) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  daemonize(); // expected-warning {{'daemonize' is called while other threads may be running, and the daemon process goes on with this thread alone [forksafe-fork-with-threads]}}
  puts("daemon up"); // one finding at the call, not one per call after it
  exit(0);
}

void threads_then_wrapped_daemonize(void) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  start_daemon(); // expected-warning {{'start_daemon' is called while other threads may be running, and the daemon process goes on with this thread alone}}
  serve();
}

// The threads that ran before daemonize() are not in the daemon: a fork
// after it forks a single-threaded process.
void daemonize_then_fork(void) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  daemonize(); // expected-warning {{'daemonize' is called while other threads may be running}}
  if (fork() == 0) {
    puts("worker"); // single-threaded: nothing to say
    _exit(0);
  }
}

// The daemon's exits are checked as a child's; its threads are the
// program's (child-thread-not-joined leaves them out).
void daemon_starts_thread(char **argv) {
  daemonize();
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  execv(argv[0], argv);
  exit(127); // expected-warning {{'exit' after a failed exec runs the parent's atexit handlers}}
}

// Single-threaded: nothing to say.
void single_threaded(void) {
  daemonize();
  start_daemon();
  puts("up");
}

void not_daemonizers(void) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL);
  parent_returns(); // expected-warning {{'parent_returns' is called while other threads may be running, and its result is never tested}}
  maybe_daemonize(1);
  puts("no daemon");
}
