// What settles a buffer before the fork, what the child does that writes it
// out or not, and fork sites other than fork() itself.
// RUN: %forksafe_cc -Xclang -verify %s
// RUN: %forksafe_cc -fplugin-arg-forksafe-checks=-fork-with-unflushed-stdio,-exit-in-child %s 2>&1 | count 0

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void work(void);

// An unbuffered stream, wherever the program says so.
static FILE *audit;
void open_audit(const char *path) {
  audit = fopen(path, "a");
  setvbuf(audit, NULL, _IONBF, 0);
}
void audited_fork(void) {
  fprintf(audit, "forking\n");
  if (fork() == 0) {
    work();
    exit(0);
  }
}

// stdout named as an argument is standard output.
void named_stdout(void) {
  fputs("starting\n", stdout); // expected-note {{'fputs' writes to 'stdout' here}}
  if (fork() == 0) { // expected-warning {{output written to 'stdout' before 'fork'}}
    work();
    fflush(stdout); // expected-note {{in the child, 'fflush' writes it out here}}
    _exit(0);
  }
}

// daemon()'s parent _exits: one process goes on with the buffers.
void daemonized(void) {
  printf("going to the background\n");
  if (daemon(0, 0) < 0)
    return;
  if (fork() == 0) {
    work();
    exit(0);
  }
}

// freopen writes out and replaces the stream.
void reopened(const char *path) {
  printf("log moves to %s\n", path);
  freopen(path, "a", stdout);
  if (fork() == 0) {
    work();
    exit(0);
  }
}

// Only on some paths: still unflushed on one.
void on_some_paths(int verbose) {
  if (verbose)
    printf("forking\n"); // expected-note {{'printf' writes to 'stdout' here}}
  if (fork() == 0) { // expected-warning {{output written to 'stdout' before 'fork'}}
    work();
    exit(0); // expected-note {{in the child, 'exit' flushes every stream here}}
  }
}

// A child that dies by a function calling exit().
__attribute__((noreturn)) void die(const char *why) {
  fputs(why, stderr);
  exit(1);
}
void dies_in_child(void) {
  puts("forking"); // expected-note {{'puts' writes to 'stdout' here}}
  if (fork() == 0) { // expected-warning {{output written to 'stdout' before 'fork'}}
    work();
    die("done"); // expected-note {{in the child, 'die' calls 'exit', which flushes every stream}}
  }
}

// The fork of a wrapper: its callers' calls are the fork sites.
pid_t xfork(void) {
  pid_t pid = fork();
  if (pid < 0)
    die("fork");
  return pid;
}
void wrapped(void) {
  printf("forking\n"); // expected-note {{'printf' writes to 'stdout' here}}
  if (xfork() == 0) { // expected-warning {{output written to 'stdout' before 'xfork'}}
    work();
    exit(0); // expected-note {{in the child, 'exit' flushes every stream here}}
  }
}

// A child whose exec fails and exits is exit-in-child's.
void exec_fails(char **argv) {
  printf("running %s\n", argv[0]);
  if (fork() == 0) { // expected-note {{the child of 'fork' starts here}}
    execv(argv[0], argv); // expected-note {{if this exec fails, the child goes on}}
    exit(127); // expected-warning {{'exit' after a failed exec}}
  }
}
