// An exec in a child whose parent ignored a signal or blocked signals,
// and that restores neither: exec keeps both, and the new program ignores
// SIGTERM or gets EPIPE where it should end.
// RUN: %forksafe_cc -Xclang -verify %s
// RUN: %forksafe_cc -fplugin-arg-forksafe-checks=-exec-with-inherited-signals %s 2>&1 | count 0

#include <signal.h>
#include <unistd.h>

static void on_term(int sig) { (void)sig; }

void spawn(char **argv) {
  signal(SIGPIPE, SIG_IGN); // expected-note {{SIGPIPE is ignored here}}
  if (fork() == 0) { // expected-note {{the child of 'fork' starts here}}
    execv(argv[0], argv); // expected-warning {{'execv' runs the new program with SIGPIPE ignored, as its parent left it: it gets EPIPE from a write to a closed pipe instead of being ended by SIGPIPE; call 'signal(SIGPIPE, SIG_DFL)' in the child before the exec [forksafe-exec-with-inherited-signals]}}
    _exit(127);
  }
}

void spawn_restored(char **argv) {
  signal(SIGPIPE, SIG_IGN);
  if (fork() == 0) {
    signal(SIGPIPE, SIG_DFL);
    execv(argv[0], argv);
    _exit(127);
  }
}

// A handler is reset to the default by the exec: installing one restores.
void spawn_with_handler(char **argv) {
  signal(SIGINT, SIG_IGN);
  if (fork() == 0) {
    signal(SIGINT, on_term);
    execv(argv[0], argv);
    _exit(127);
  }
}

// A child that does not exec keeps what the parent set, as it should.
void worker(void) {
  signal(SIGINT, SIG_IGN);
  if (fork() == 0) {
    pause();
    _exit(0);
  }
}

// SIGHUP ignored across an exec is what nohup is for.
void nohup_like(char **argv) {
  signal(SIGHUP, SIG_IGN);
  if (fork() == 0) {
    execv(argv[0], argv);
    _exit(127);
  }
}

// sigaction, with the handler of a record reused for two signals, set in
// a function the forking one calls.
void ignore_children(void) {
  struct sigaction sa = {0};
  sa.sa_handler = SIG_IGN;
  sigaction(SIGCHLD, &sa, 0);
  sa.sa_handler = on_term;
  sigaction(SIGTERM, &sa, 0);
}

void spawn_after_setup(char **argv) {
  ignore_children(); // expected-note {{SIGCHLD is ignored in 'ignore_children', called here}}
  if (fork() == 0) { // expected-note {{the child of 'fork' starts here}}
    execv(argv[0], argv); // expected-warning {{'execv' runs the new program with SIGCHLD ignored, as its parent left it: it has its children reaped for it: wait() fails with ECHILD}}
    _exit(127);
  }
}

// A blocked mask: a sigwait thread's design. Restored before the fork on
// one path only.
void spawn_masked(char **argv, int restore) {
  sigset_t set, old;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, &old); // expected-note {{signals are blocked here}}
  if (restore)
    pthread_sigmask(SIG_SETMASK, &old, 0);
  if (fork() == 0) { // expected-note {{the child of 'fork' starts here}}
    execv(argv[0], argv); // expected-warning {{'execv' runs the new program with the signals its parent blocked still blocked: they stay pending instead of reaching it; restore the mask (sigprocmask(SIG_SETMASK, ...)) in the child before the exec}}
    _exit(127);
  }
  pthread_sigmask(SIG_SETMASK, &old, 0);
}

// Only reading the mask or a disposition changes nothing.
void reads_only(char **argv) {
  sigset_t old;
  struct sigaction was;
  sigprocmask(SIG_BLOCK, 0, &old);
  sigaction(SIGINT, 0, &was);
  if (fork() == 0) {
    execv(argv[0], argv);
    _exit(127);
  }
}

// A fork wrapper that restores the defaults in its child, one of them
// with a compound literal.
static pid_t xfork(void) {
  pid_t pid = fork();
  if (pid == 0)
    sigaction(SIGQUIT, &(struct sigaction){.sa_handler = SIG_DFL}, 0);
  return pid;
}

void spawn_by_wrapper(char **argv) {
  sigaction(SIGQUIT, &(struct sigaction){.sa_handler = SIG_IGN}, 0);
  if (xfork() == 0) {
    execv(argv[0], argv);
    _exit(127);
  }
}
