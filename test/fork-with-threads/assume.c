// threads=assume: a library does not know its users' threads; every fork is
// taken to happen while other threads run.
// RUN: %forksafe_cc -fplugin-arg-forksafe-threads=assume -Xclang -verify %s
// RUN: %forksafe_cc -Xclang -verify=auto %s
// auto-no-diagnostics

#include <unistd.h>

void work(void);

void library_spawn(void) {
  if (fork() == 0) // expected-warning {{'fork' is called while other threads may be running, and its child goes on into code the parent also runs [forksafe-fork-with-threads]}} \
                   // expected-note {{other threads are assumed to run everywhere (threads=assume)}}
    work();
  work(); // expected-note {{the child goes on here}}
}
