// libuv: every loop made before fork() needs uv_loop_fork() in the child,
// the default loop included.
// REQUIRES: libuv
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <unistd.h>
#include <uv.h>

void with_loop_object(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  pid_t pid = fork();
  if (pid == 0) {
    uv_run(&loop, UV_RUN_DEFAULT); // expected-warning {{call to 'uv_run' in the child uses the libuv loop 'loop' from before the fork without calling 'uv_loop_fork' first [forksafe-reinit-after-fork]}}
    _exit(0);
  }
}

void with_default_loop(void) {
  uv_loop_t *loop = uv_default_loop();
  if (fork() == 0) {
    uv_timer_t timer;
    uv_timer_init(loop, &timer); // expected-warning {{call to 'uv_timer_init' in the child uses the libuv loop 'loop'}}
    uv_run(loop, UV_RUN_DEFAULT);
    _exit(0);
  }
}

void forked_properly(void) {
  uv_loop_t *loop = uv_default_loop();
  if (fork() == 0) {
    uv_loop_fork(loop);
    uv_run(loop, UV_RUN_DEFAULT);
    _exit(0);
  }
  uv_run(loop, UV_RUN_DEFAULT);
}

// A loop the child makes needs nothing.
void child_loop(void) {
  if (fork() == 0) {
    uv_loop_t loop;
    uv_loop_init(&loop);
    uv_run(&loop, UV_RUN_DEFAULT);
    _exit(0);
  }
}

// uv_default_loop() called again in the child returns the parent's loop,
// not a fresh one.
void default_loop_again(void) {
  uv_loop_t *parent = uv_default_loop();
  uv_run(parent, UV_RUN_NOWAIT);
  if (fork() == 0) {
    uv_loop_t *loop = uv_default_loop();
    uv_run(loop, UV_RUN_DEFAULT); // expected-warning {{call to 'uv_run' in the child uses the libuv loop 'loop' from before the fork without calling 'uv_loop_fork' first}}
    _exit(0);
  }
}
