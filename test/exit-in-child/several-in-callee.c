// A function the child calls may hold several exits after failed execs
// (openssh's do_child): each is reported, once, however many ways the child
// reaches it.
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <stdlib.h>
#include <unistd.h>

static void run(const char *sh, char **argv, int cmd) {
  if (!cmd) {
    execv(sh, argv);
    exit(1); // expected-warning {{'exit' after a failed exec}}
  }
  execv(sh, argv);
  exit(2); // expected-warning {{'exit' after a failed exec}}
}

static void login_shell(const char *sh, char **argv) { run(sh, argv, 0); }
static void command(const char *sh, char **argv) { run(sh, argv, 1); }

static void child(const char *sh, char **argv, int login) {
  if (login)
    login_shell(sh, argv);
  command(sh, argv);
}

void spawn(const char *sh, char **argv, int login) {
  if (fork() == 0)
    child(sh, argv, login);
}
