// The notes: why threads may run, the fork, and each hop to the culprit.
// RUN: %forksafe_cc -Xclang -verify %s

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void *spin(void *arg) { for (;;) pause(); }

static void format_line(char *buf, const char *msg) {
  sprintf(buf, "%s\n", msg); // expected-note {{'format_line' calls 'sprintf' here}}
}

static void log_line(const char *msg) {
  char buf[128];
  format_line(buf, msg); // expected-note {{'log_line' calls 'format_line' here}}
  write(2, buf, sizeof buf);
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, spin, NULL); // expected-note {{a thread started here may still be running}}
  if (fork() == 0) { // expected-note {{the child of 'fork' starts here}}
    log_line("up"); // expected-warning {{call to 'log_line' in the child of a multithreaded process reaches 'sprintf', which is not async-signal-safe [forksafe-unsafe-call-in-child]}} \
                    // expected-note {{do this before the fork, or use posix_spawn}}
    _exit(0);
  }
  return 0;
}
