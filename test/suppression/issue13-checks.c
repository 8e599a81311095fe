// NOLINT with the names of the checks that register handlers or follow the
// child's escape, and checks= that turns them off.
// RUN: %forksafe_cc -Xclang -verify %s
// RUN: %forksafe_cc -fplugin-arg-forksafe-checks=-child-escapes,-fork-in-signal-handler,-exit-in-child,-fork-with-unflushed-stdio %s 2>&1 | count 0

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void cleanup(void) {}
static void on_hup(int sig) {
  (void)sig;
  system("reload"); // NOLINT(forksafe-fork-in-signal-handler)
}
static void on_usr1(int sig) {
  (void)sig;
  system("dump"); // expected-warning {{[forksafe-fork-in-signal-handler]}}
}

pid_t spawn_in(const char *dir, char **argv) {
  pid_t pid = fork(); // NOLINT(forksafe-child-escapes)
  if (pid == 0) {
    if (chdir(dir) < 0)
      return -1;
    execv(argv[0], argv);
    _exit(127);
  }
  return pid;
}

void announced(void) {
  puts("forking");
  if (fork() == 0) { // NOLINT(forksafe-fork-with-unflushed-stdio)
    fflush(stdout);
    _exit(0);
  }
  puts("forking again"); // expected-note {{'puts' writes to 'stdout' here}}
  if (fork() == 0) { // expected-warning {{[forksafe-fork-with-unflushed-stdio]}}
    fflush(stdout); // expected-note {{in the child, 'fflush' writes it out here}}
    _exit(0);
  }
}

int main(int argc, char **argv) {
  atexit(cleanup); // expected-note {{'cleanup' is registered here}}
  signal(SIGHUP, on_hup);
  signal(SIGUSR1, on_usr1); // expected-note {{'on_usr1' is installed as a signal handler here}}
  if (fork() == 0) { // expected-note {{the child of 'fork' starts here}}
    if (argc > 2)
      exit(2); // NOLINT(forksafe-exit-in-child)
    exit(0); // expected-warning {{'exit' in the child runs the parent's atexit handler 'cleanup' a second time}}
  }
  return spawn_in("/", argv) < 0;
}
