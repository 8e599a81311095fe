// In the bounded child of a multithreaded fork, only async-signal-safe
// functions may be called until exec or _exit.
// RUN: %forksafe_cc -fplugin-arg-forksafe-profile=posix -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

static void *flush_loop(void *arg) { for (;;) pause(); }
static pthread_t flusher;

static void start_background_flusher(void) {
  pthread_create(&flusher, NULL, flush_loop, NULL);
}

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static void log_line(const char *msg) {
  char buf[128];
  snprintf(buf, sizeof buf, "[child] %s\n", msg);
  pthread_mutex_lock(&log_lock);
  fputs(buf, stderr);
  pthread_mutex_unlock(&log_lock);
}

// Safe helpers: only async-signal-safe functions inside.
static void write_str(int fd, const char *s) { write(fd, s, strlen(s)); }
static void redirect(int fd) {
  dup2(fd, 1);
  close(fd);
}

int main(int argc, char **argv) {
  start_background_flusher();
  int fd = open("/dev/null", O_WRONLY);
  pid_t pid = fork();
  if (pid == 0) {
    log_line("child up"); // expected-warning {{call to 'log_line' in the child of a multithreaded process reaches 'pthread_mutex_lock', which is not async-signal-safe [forksafe-unsafe-call-in-child]}}
    char *copy = malloc(16); // expected-warning {{call to 'malloc' in the child of a multithreaded process, which is not async-signal-safe}}
    free(copy); // expected-warning {{call to 'free'}}
    syslog(LOG_INFO, "child"); // expected-warning {{call to 'syslog'}}
    setenv("CHILD", "1", 1); // expected-warning {{call to 'setenv'}}
    signal(SIGPIPE, SIG_DFL);
    write_str(2, "child\n");
    redirect(fd);
    execv(argv[1], argv + 1);
    perror("execv"); // expected-warning {{call to 'perror'}}
    _exit(127);
  }
  return 0;
}

// A variadic logger on write() alone: the stdarg macros are no calls.
#include <stdarg.h>
static void log_raw(const char *first, ...) {
  va_list ap, copy;
  va_start(ap, first);
  va_copy(copy, ap);
  for (const char *s = first; s; s = va_arg(ap, const char *))
    write(2, s, strlen(s));
  va_end(copy);
  va_end(ap);
}

void varargs_child(void) {
  start_background_flusher();
  if (fork() == 0) {
    log_raw("child", " up\n", (char *)0);
    _exit(0);
  }
}
