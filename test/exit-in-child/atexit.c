// exit() in a child runs the atexit handlers its parent registered: the
// pid file removed, the temporary files deleted once per child.
// RUN: %forksafe_cc -Xclang -verify %s
// RUN: %forksafe_cc -fdiagnostics-parseable-fixits %s 2>&1 | FileCheck %s

#include <stdlib.h>
#include <unistd.h>

void serve(void);

static void remove_pidfile(void) { unlink("/run/server.pid"); }

void spawn_worker(void) {
  if (fork() == 0) { // expected-note {{the child of 'fork' starts here}}
    serve();
    exit(0); // expected-warning {{'exit' in the child runs the parent's atexit handler 'remove_pidfile' a second time; call '_exit' instead [forksafe-exit-in-child]}}
  }
}
// CHECK: fix-it:"{{.*}}":{[[@LINE-3]]:5-[[@LINE-3]]:9}:"_exit"

// After a failed exec, the message is exit-in-child's usual one, and the
// note names the handler that runs again.
void spawn_tool(char **argv) {
  if (fork() == 0) { // expected-note {{the child of 'fork' starts here}}
    execv(argv[0], argv); // expected-note {{if this exec fails, the child goes on}}
    exit(127); // expected-warning {{'exit' after a failed exec runs the parent's atexit handlers and flushes its stdio buffers a second time; call '_exit' instead}}
  }
}

int main(void) {
  atexit(remove_pidfile); // expected-note 3 {{'remove_pidfile' is registered here}}
  spawn_worker();
  if (fork() == 0) // expected-note {{the child of 'fork' starts here}}
    return 0; // expected-warning {{returning from 'main' in the child calls 'exit', which runs the parent's atexit handler 'remove_pidfile' a second time; call '_exit' instead}}
  return 0;
}
