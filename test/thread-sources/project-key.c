// A project names its own functions that leave threads running
// (ThreadSources in .forksafe.yaml): a fork after a call of one is a fork
// with threads, in the plugin and in the forksafe command.
// RUN: %forksafe_cc -fplugin-arg-forksafe-config=%S/Inputs/thread-sources.yaml -Xclang -verify %s
// RUN: %forksafe_cc -Xclang -verify=plain %s
// plain-no-diagnostics
// The forksafe command reads the same key, for the whole program.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clang -fsyntax-only %plugin_arg -fplugin-arg-forksafe-summary-dir=%t %s
// RUN: %python %S/../whole-program/Inputs/expect_status.py 1 -- %forksafe_cli --summaries %t --config %S/Inputs/thread-sources.yaml > %t.out
// RUN: FileCheck %s --input-file %t.out
// CHECK: project-key.c:[[@LINE+12]]:7: warning: 'fork' is called while other threads may be running
// CHECK: project-key.c:[[@LINE+9]]:3: note: 'metrics_init' leaves threads running

#include <unistd.h>

void metrics_init(const char *endpoint);
void metrics_flush(void);

void worker(void) {
  fork();
  metrics_init("udp://localhost:8125"); // expected-note {{'metrics_init' leaves threads running}}
  metrics_flush();
  if (fork() == 0) // expected-warning {{'fork' is called while other threads may be running, and its child goes on into code the parent also runs}} \
                   // expected-note {{fork before starting threads, or use posix_spawn}}
    metrics_flush();
  metrics_flush(); // expected-note {{the child goes on here, in code the parent also runs}}
}
