// Handlers installed with sigaction: the function the record's sa_handler
// or sa_sigaction names, set before the call or in the record's initialiser.
// RUN: %forksafe_cc -Xclang -verify %s

#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void on_chld(int sig) {
  (void)sig;
  if (fork() == 0) // expected-warning {{call to 'fork' in the signal handler 'on_chld' is not async-signal-safe (POSIX.1-2024); call '_Fork' or fork outside the handler [forksafe-fork-in-signal-handler]}}
    _exit(0);
}

static void on_info(int sig, siginfo_t *info, void *context) {
  (void)sig, (void)info, (void)context;
  FILE *p = popen("uptime", "r"); // expected-warning {{call to 'popen' in the signal handler 'on_info' forks, which is not async-signal-safe; fork outside the handler}}
  pclose(p);
}

static void on_alarm(int sig) { (void)sig; }

void install(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_chld;
  sigaction(SIGCHLD, &sa, 0); // expected-note {{'on_chld' is installed as a signal handler here}}

  struct sigaction info = {.sa_sigaction = on_info, .sa_flags = SA_SIGINFO};
  sigaction(SIGUSR1, &info, 0); // expected-note {{'on_info' is installed as a signal handler here}}

  struct sigaction quiet = {.sa_handler = on_alarm};
  sigaction(SIGALRM, &quiet, 0);
}
