// The backtraces name the program's frames as module+offset, which
// llvm-symbolizer turns back into the functions that called: where the
// unsafe call was, and where the fork was.
// RUN: %clang -g -O0 -fno-omit-frame-pointer -pthread %s -o %t
// RUN: env FORKSAFE_RT_FORMAT=json LD_PRELOAD=%forksafe_rt %t 2> %t.json
// RUN: %python %S/Inputs/symbolize.py %llvm_symbolizer < %t.json | FileCheck %s
// CHECK: fork-with-threads: spawn_worker <- main
// CHECK-NEXT: unsafe-call-in-child: log_line <- spawn_worker <- main; fork: spawn_worker <- main

#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static void *idle(void *arg) {
  for (;;)
    pause();
  return arg;
}

__attribute__((noinline)) static void log_line(const char *text) {
  char line[64];
  snprintf(line, sizeof line, "%s\n", text);
  write(1, line, sizeof line);
}

__attribute__((noinline)) static pid_t spawn_worker(void) {
  pid_t pid = fork();
  if (pid == 0) {
    log_line("worker");
    _exit(0);
  }
  return pid;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, idle, NULL);
  waitpid(spawn_worker(), NULL, 0);
  return 0;
}
