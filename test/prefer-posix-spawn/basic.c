// prefer-posix-spawn: a fork whose child only does what posix_spawn's file
// actions and attributes express, then execs. Off by default; on by name or
// with the modernize group.
// RUN: %forksafe_cc -fplugin-arg-forksafe-checks=prefer-posix-spawn -Xclang -verify %s
// RUN: %forksafe_cc -fplugin-arg-forksafe-checks=modernize -Xclang -verify %s
// RUN: %forksafe_cc %s 2>&1 | count 0
// RUN: %forksafe_cc -fplugin-arg-forksafe-checks=modernize,-prefer-posix-spawn %s 2>&1 | count 0
// RUN: %forksafe_cc -fplugin-arg-forksafe-checks=modernize -fdiagnostics-parseable-fixits %s 2>&1 | FileCheck %s
// CHECK: fix-it:"{{.*}}":{21:3-21:22}:"pid_t pid;\n  {\n    extern char **environ;\n{{.*}}posix_spawn_file_actions_adddup2(&actions, out, 1);\n{{.*}}posix_spawnp(&pid, argv[0], &actions, &attributes, argv, environ);
// CHECK-NOT: fix-it:"{{.*}}":{{[{][3-9][0-9]}}:

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

extern char **environ;
void log_start(const char *what);

int run(char **argv, int out) {
  pid_t pid = fork(); // expected-warning {{the child of 'fork' only prepares and runs a new program: 'posix_spawnp' does the same without copying the process or running its atfork handlers [forksafe-prefer-posix-spawn]}}
  if (pid == 0) {
    dup2(out, 1);
    close(out);
    execvp(argv[0], argv); // expected-note {{the child runs the new program here}}
    fprintf(stderr, "cannot run %s\n", argv[0]);
    _exit(127);
  }
  return pid;
}

int run_with_env(const char *path, char **argv, char **env) {
  pid_t pid;
  if ((pid = vfork()) == 0) { // expected-warning {{the child of 'vfork' only prepares and runs a new program: 'posix_spawn' does the same}}
    execve(path, argv, env); // expected-note {{the child runs the new program here}}
    _exit(127);
  }
  return pid;
}

// Children that do more than posix_spawn can.
int logs_first(char **argv) {
  pid_t pid = fork();
  if (pid == 0) {
    log_start(argv[0]);
    execv(argv[0], argv);
    _exit(127);
  }
  return pid;
}

int computes(char **argv) {
  pid_t pid = fork();
  if (pid == 0) {
    char *home = getenv("HOME");
    if (home)
      chdir(home);
    execv(argv[0], argv);
    _exit(127);
  }
  return pid;
}

int never_execs(void) {
  pid_t pid = fork();
  if (pid == 0) {
    close(0);
    _exit(0);
  }
  return pid;
}

// Expressible, in a shape the fix-it does not rewrite: reported without one.
int closes_in_a_loop(char **argv) {
  pid_t pid = fork(); // expected-warning {{only prepares and runs a new program}}
  if (pid == 0) {
    for (int fd = 3; fd < 64; fd++)
      close(fd);
    execv(argv[0], argv); // expected-note {{the child runs the new program here}}
    _exit(127);
  }
  return pid;
}

int quiet(char **argv) {
  pid_t pid = fork(); // NOLINT(forksafe-prefer-posix-spawn)
  if (pid == 0) {
    execv(argv[0], argv);
    _exit(127);
  }
  return pid;
}
