// Output still in a stdio buffer when the process forks, and a child that
// writes the buffers out again (exit(), a return from main, fflush): the
// output appears twice when the stream is a file or a pipe.
// RUN: %forksafe_cc -Xclang -verify %s

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void work(void);

void banner_then_worker(void) {
  printf("starting\n"); // expected-note {{'printf' writes to 'stdout' here}}
  pid_t pid = fork(); // expected-warning {{output written to 'stdout' before 'fork' is still in its buffer, and the child writes it out again: it appears twice when 'stdout' is a file or a pipe; call 'fflush(NULL)' before the fork [forksafe-fork-with-unflushed-stdio]}}
  if (pid == 0) {
    work();
    exit(0); // expected-note {{in the child, 'exit' flushes every stream here}}
  }
}

void flushed_first(void) {
  printf("starting\n");
  fflush(stdout);
  if (fork() == 0) {
    work();
    exit(0);
  }
}

void flushed_all_first(void) {
  puts("starting");
  fflush(NULL);
  if (fork() == 0) {
    work();
    exit(0);
  }
}

// A child that only execs, or ends with _exit, writes nothing out.
void child_execs(char **argv) {
  printf("running %s\n", argv[0]);
  if (fork() == 0) {
    execv(argv[0], argv);
    _exit(127);
  }
}

// A child meant to exec, that flushes on its way out of a failure first.
void child_fails_before_exec(char **argv) {
  printf("running %s\n", argv[0]);
  if (fork() == 0) {
    if (chdir("/") < 0) {
      fflush(stdout);
      _exit(1);
    }
    execv(argv[0], argv);
    _exit(127);
  }
}

void child_ends_with__exit(void) {
  printf("starting\n");
  if (fork() == 0) {
    work();
    _exit(0);
  }
}

// A file of the parent's, written before the fork, flushed by the child.
void log_then_fork(const char *path) {
  FILE *log = fopen(path, "a");
  fprintf(log, "forking\n"); // expected-note {{'fprintf' writes to 'log' here}}
  if (fork() == 0) { // expected-warning {{output written to 'log' before 'fork' is still in its buffer}}
    fputs("child\n", log);
    fclose(log); // expected-note {{in the child, 'fclose' writes it out here}}
    _exit(0);
  }
  fclose(log);
}

// The child flushes another stream than the one written.
void other_stream(FILE *out, const char *path) {
  FILE *log = fopen(path, "a");
  fprintf(log, "forking\n");
  if (fork() == 0) {
    fflush(out);
    _exit(0);
  }
  fclose(log);
}

// stderr buffers nothing.
void to_stderr(void) {
  fprintf(stderr, "starting\n");
  if (fork() == 0) {
    work();
    exit(0);
  }
}

// Written in a function the parent calls before the fork.
static FILE *trace;
void trace_line(const char *s) { fputs(s, trace); }
void trace_and_flush(const char *s) {
  fputs(s, trace);
  fflush(trace);
}

void traced_fork(void) {
  trace_line("forking\n"); // expected-note {{'trace_line' writes to 'trace' and does not flush it}}
  if (fork() == 0) { // expected-warning {{output written to 'trace' before 'fork'}}
    work();
    exit(1); // expected-note {{in the child, 'exit' flushes every stream here}}
  }
}

void flushed_trace_fork(void) {
  trace_and_flush("forking\n");
  if (fork() == 0) {
    work();
    exit(1);
  }
}

// Written by a caller of the function that forks.
void spawn_worker(void) {
  if (fork() == 0) { // expected-warning {{output written to 'stdout' before 'fork'}}
    work();
    exit(0); // expected-note {{in the child, 'exit' flushes every stream here}}
  }
}

int main(int argc, char **argv) {
  printf("%s: up\n", argv[0]); // expected-note {{'printf' writes to 'stdout' here}}
  for (int i = 0; i < argc; i++)
    spawn_worker();
  return 0;
}
