// glibc's POSIX AIO, getaddrinfo_a and SIGEV_THREAD notifications run on
// helper threads that outlive the call.
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#define _GNU_SOURCE
#include <aio.h>
#include <mqueue.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char buffer[64];

void aio_then_fork(int fd) {
  struct aiocb cb;
  memset(&cb, 0, sizeof cb);
  cb.aio_fildes = fd;
  cb.aio_buf = buffer;
  cb.aio_nbytes = sizeof buffer;
  aio_read(&cb); // expected-note {{'aio_read' leaves AIO helper threads running}}
  if (fork() == 0) { // expected-note {{the child of 'fork' starts here}}
    printf("child\n"); // expected-warning {{call to 'printf' in the child of a multithreaded process, which is not async-signal-safe}}
    _exit(0);
  }
}

void lookups_then_fork(void) {
  struct gaicb request = {.ar_name = "example.org"};
  struct gaicb *list[] = {&request};
  getaddrinfo_a(GAI_WAIT, list, 1, NULL); // expected-note {{'getaddrinfo_a' leaves lookup helper threads running}}
  fork(); // expected-warning {{'fork' is called while other threads may be running}} \
          // expected-note {{fork before starting threads, or use posix_spawn}}
}

static void on_tick(union sigval v) {}

void thread_timer(void) {
  struct sigevent sev;
  memset(&sev, 0, sizeof sev);
  sev.sigev_notify = SIGEV_THREAD;
  sev.sigev_notify_function = on_tick;
  timer_t timer;
  timer_create(CLOCK_MONOTONIC, &sev, &timer); // expected-note {{'timer_create' leaves a SIGEV_THREAD notification thread running}}
  fork(); // expected-warning {{'fork' is called while other threads may be running}} \
          // expected-note {{fork before starting threads, or use posix_spawn}}
}

void thread_timer_initialised(void) {
  struct sigevent sev = {.sigev_notify = SIGEV_THREAD};
  timer_t timer;
  timer_create(CLOCK_REALTIME, &sev, &timer); // expected-note {{'timer_create' leaves a SIGEV_THREAD notification thread running}}
  fork(); // expected-warning {{'fork' is called while other threads may be running}} \
          // expected-note {{fork before starting threads, or use posix_spawn}}
}

void queue_notify(mqd_t queue) {
  struct sigevent sev = {.sigev_notify = SIGEV_THREAD,
                         .sigev_notify_function = on_tick};
  mq_notify(queue, &sev); // expected-note {{'mq_notify' leaves a SIGEV_THREAD notification thread running}}
  fork(); // expected-warning {{'fork' is called while other threads may be running}} \
          // expected-note {{fork before starting threads, or use posix_spawn}}
}

// A signal, or no notification, starts no thread; nor does the default
// (a null sigevent).
void signal_timer(void) {
  struct sigevent sev;
  memset(&sev, 0, sizeof sev);
  sev.sigev_notify = SIGEV_SIGNAL;
  sev.sigev_signo = SIGALRM;
  timer_t timer;
  timer_create(CLOCK_MONOTONIC, &sev, &timer);
  timer_create(CLOCK_MONOTONIC, NULL, &timer);
  fork();
}

// A sigevent the caller cannot see set is taken not to ask for a thread.
void given_timer(struct sigevent *sev) {
  timer_t timer;
  timer_create(CLOCK_MONOTONIC, sev, &timer);
  fork();
}

// Before the AIO request, no helper runs.
void fork_then_aio(struct aiocb *cb) {
  fork();
  aio_write(cb);
}
