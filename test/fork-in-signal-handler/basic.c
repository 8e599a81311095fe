// A signal handler that forks, directly or in what it calls: POSIX.1-2024
// took fork() off the async-signal-safe list (_Fork() is on it), and
// system() and popen() fork inside.
// RUN: %forksafe_cc -Xclang -verify %s

#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

static void restart_worker(void) {
  if (fork() == 0) { // expected-note {{'restart_worker' calls 'fork' here}} expected-note {{the child of 'fork' starts here}}
    execl("/usr/bin/worker", "worker", (char *)0); // expected-warning {{'execl' runs the new program with SIGPIPE ignored, as its parent left it}}
    _exit(127);
  }
}

static void on_hup(int sig) {
  (void)sig;
  restart_worker(); // expected-warning {{call to 'restart_worker' in the signal handler 'on_hup' reaches 'fork', which is not async-signal-safe (POSIX.1-2024); call '_Fork' or fork outside the handler [forksafe-fork-in-signal-handler]}}
}

static void on_usr1(int sig) {
  (void)sig;
  system("logger reload"); // expected-warning {{call to 'system' in the signal handler 'on_usr1' forks, which is not async-signal-safe; fork outside the handler}}
}

// _Fork runs no atfork handler and is async-signal-safe; vfork neither runs
// one nor takes a lock (a crash handler's way to start a debugger).
static void on_usr2(int sig) {
  (void)sig;
  if (_Fork() == 0)
    _exit(0);
  if (vfork() == 0)
    _exit(0);
}

static void on_term(int sig) {
  (void)sig;
  _exit(0);
}

int main(void) {
  signal(SIGHUP, on_hup); // expected-note {{'on_hup' is installed as a signal handler here}}
  signal(SIGUSR1, on_usr1); // expected-note {{'on_usr1' is installed as a signal handler here}}
  signal(SIGUSR2, on_usr2);
  signal(SIGTERM, on_term);
  signal(SIGPIPE, SIG_IGN); // expected-note {{SIGPIPE is ignored here}}
  restart_worker();
  pause();
}
