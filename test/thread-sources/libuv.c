// libuv's thread pool: uv_queue_work always, a file system request or a
// lookup only with a callback (without one it runs on the caller's thread).
// REQUIRES: libuv
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <uv.h>

static void work(uv_work_t *req) {}
static void done(uv_work_t *req, int status) {}
static void opened(uv_fs_t *req) {}
static void resolved(uv_getaddrinfo_t *req, int status, struct addrinfo *res) {}

void queued(uv_loop_t *loop) {
  uv_work_t req;
  uv_queue_work(loop, &req, work, done); // expected-note {{'uv_queue_work' leaves libuv's thread pool running}}
  fork(); // expected-warning {{'fork' is called while other threads may be running}}
}

void async_open(uv_loop_t *loop) {
  uv_fs_t req;
  uv_fs_open(loop, &req, "/tmp/x", O_RDONLY, 0, opened); // expected-note {{'uv_fs_open' leaves libuv's thread pool running}}
  fork(); // expected-warning {{'fork' is called while other threads may be running}}
}

void async_lookup(uv_loop_t *loop) {
  uv_getaddrinfo_t req;
  uv_getaddrinfo(loop, &req, resolved, "example.org", NULL, NULL); // expected-note {{'uv_getaddrinfo' leaves libuv's thread pool running}}
  fork(); // expected-warning {{'fork' is called while other threads may be running}}
}

// Synchronous: a NULL callback.
void sync_requests(uv_loop_t *loop) {
  uv_fs_t req;
  uv_fs_open(loop, &req, "/tmp/x", O_RDONLY, 0, NULL);
  uv_fs_stat(loop, &req, "/tmp/x", NULL);
  uv_fs_req_cleanup(&req);
  uv_getaddrinfo_t lookup;
  uv_getaddrinfo(loop, &lookup, NULL, "example.org", NULL, NULL);
  fork();
}

// Before the request, the pool has not started.
void fork_first(uv_loop_t *loop) {
  uv_work_t req;
  if (fork() == 0) {
    puts("child");
    _exit(0);
  }
  uv_queue_work(loop, &req, work, done);
}
