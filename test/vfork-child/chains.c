// Calls of functions with visible bodies are followed: a helper that only
// execs and _exits may be called; one that calls anything else, or writes
// memory outside its own frame, is reported at the call, with the chain.
// RUN: %forksafe_cc %s 2>&1 | FileCheck %s --implicit-check-not=warning:

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int last_error;

// Allowed: exec, _exit, and its own locals.
static void exec_or_die(char **argv) {
  int tries = 0;
  tries++;
  execv(argv[0], argv);
  _exit(127 + tries);
}

static void log_child(const char *what) { fprintf(stderr, "%s\n", what); }
static void prepare(const char *what) { log_child(what); }

static void remember(int e) { last_error = e; }
static void fill(char *buf) { buf[0] = 'x'; }

void spawn(char **argv) {
  char buf[8];
  if (vfork() == 0) {
    prepare("child");
    remember(1);
    fill(buf);
    exec_or_die(argv);
  }
}
// CHECK: chains.c:29:5: warning: call to 'prepare' in a vfork child reaches 'fprintf'; the child may only call an exec function or '_exit' [forksafe-vfork-child]
// CHECK: chains.c:28:7: note: the child of 'vfork' starts here
// CHECK: chains.c:21:41: note: 'prepare' calls 'log_child' here
// CHECK: chains.c:20:43: note: 'log_child' calls 'fprintf' here
// CHECK: chains.c:29:5: note: posix_spawn exists for this
// CHECK: chains.c:30:5: warning: call to 'remember' in a vfork child reaches a write to memory the parent shares; the child may write only the variable that holds the vfork result [forksafe-vfork-child]
// CHECK: chains.c:23:31: note: 'remember' writes memory outside its own frame here
// CHECK: chains.c:31:5: warning: call to 'fill' in a vfork child reaches a write
// CHECK: chains.c:24:31: note: 'fill' writes memory outside its own frame here

// A function that returns vfork's result in the child is reported at its
// return; its callers are not looked at again.
pid_t xvfork(void) {
  pid_t pid = vfork();
  if (pid < 0)
    _exit(1);
  return pid;
}
// CHECK: chains.c:51:3: warning: returning from 'xvfork' in a vfork child corrupts the stack frame the parent returns to

void use_xvfork(char **argv) {
  if (xvfork() == 0) {
    puts("not reported again");
    execv(argv[0], argv);
    _exit(1);
  }
}
