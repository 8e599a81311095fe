// reinit-after-fork's fix-it: the re-init call at the start of the child
// region, spelled as the function spells the handle (`&loop` for a loop
// object); after daemon(), after the statement that calls it. Applied, the
// fixes compile and leave nothing to report.
// REQUIRES: libevent, libuv
// RUN: %forksafe_cc -fdiagnostics-parseable-fixits %s 2>&1 | FileCheck %s
// RUN: rm -rf %t && mkdir -p %t && cp %s %t/fixed.c
// RUN: %forksafe_cc -Xclang -fixit %t/fixed.c
// RUN: %clang -fsyntax-only -Wall -Werror %t/fixed.c
// RUN: %forksafe_cc %t/fixed.c 2>&1 | count 0
// RUN: FileCheck %s --check-prefix=FIXED --match-full-lines --strict-whitespace < %t/fixed.c

#include <event2/event.h>
#include <stdlib.h>
#include <unistd.h>
#include <uv.h>

static void note_child(void) {}

void event_worker(void) {
  struct event_base *base = event_base_new();
  if (fork() == 0) {
    note_child();
    event_base_dispatch(base);
    _exit(0);
  }
  event_base_free(base);
}
// CHECK: fix-it:"{{.*}}":{23:5-23:5}:"event_reinit(base);\n    "
// FIXED:  if (fork() == 0) {
// FIXED-NEXT:    event_reinit(base);
// FIXED-NEXT:    note_child();

void uv_worker(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  pid_t pid = fork();
  if (pid == 0)
    _exit(uv_run(&loop, UV_RUN_DEFAULT));
  uv_loop_close(&loop);
}
// CHECK: fix-it:"{{.*}}":{39:5-39:5}:"{ uv_loop_fork(&loop); "
// CHECK: fix-it:"{{.*}}":{39:42-39:42}:" }"
// FIXED:    { uv_loop_fork(&loop); _exit(uv_run(&loop, UV_RUN_DEFAULT)); }

static struct event_base *main_base;

int main(void) {
  main_base = event_base_new();
  if (daemon(0, 0) < 0)
    return 1;
  event_base_dispatch(main_base);
  return 0;
}
// CHECK: fix-it:"{{.*}}":{51:14-51:14}:"\n  event_reinit(main_base);"
// FIXED:    return 1;
// FIXED-NEXT:  event_reinit(main_base);
