// child-thread-not-joined's fix-it: join the handle before every exit the
// thread reaches, in braces where the exit is an unbraced body.
// RUN: %forksafe_cc -fdiagnostics-parseable-fixits %s 2>&1 | FileCheck %s
// RUN: rm -rf %t && mkdir -p %t && cp %s %t/fixed.c
// RUN: %forksafe_cc -Xclang -fixit %t/fixed.c
// RUN: %clang -fsyntax-only -Wall -Werror %t/fixed.c
// RUN: %forksafe_cc %t/fixed.c 2>&1 | count 0
// RUN: FileCheck %s --check-prefix=FIXED --match-full-lines --strict-whitespace < %t/fixed.c

#include <pthread.h>
#include <threads.h>
#include <unistd.h>

static void *upload(void *job) { return job; }
static int upload_c11(void *job) { return 0; }
static pthread_t global_uploader;

void one_exit(void *job) {
  if (fork() == 0) {
    pthread_t t;
    pthread_create(&t, NULL, upload, job);
    _exit(0);
  }
}
// CHECK: fix-it:"{{.*}}":{[[@LINE-3]]:5-[[@LINE-3]]:5}:"pthread_join(t, NULL);\n    "
// FIXED:    pthread_join(t, NULL);
// FIXED-NEXT:    _exit(0);

void two_exits(void *job, int fail) {
  if (fork() == 0) {
    pthread_t t;
    pthread_create(&t, NULL, upload, job);
    if (fail)
      _exit(1);
    _exit(0);
  }
}
// CHECK: fix-it:"{{.*}}":{[[@LINE-4]]:7-[[@LINE-4]]:7}:"{ pthread_join(t, NULL); "
// CHECK: fix-it:"{{.*}}":{[[@LINE-5]]:16-[[@LINE-5]]:16}:" }"
// CHECK: fix-it:"{{.*}}":{[[@LINE-5]]:5-[[@LINE-5]]:5}:"pthread_join(t, NULL);\n    "
// FIXED:      { pthread_join(t, NULL); _exit(1); }
// FIXED-NEXT:    pthread_join(t, NULL);
// FIXED-NEXT:    _exit(0);

void global_handle(void *job, char **argv) {
  if (fork() == 0) {
    pthread_create(&global_uploader, NULL, upload, job);
    execv(argv[0], argv);
    _exit(127);
  }
}
// CHECK: fix-it:"{{.*}}":{[[@LINE-4]]:5-[[@LINE-4]]:5}:"pthread_join(global_uploader, NULL);\n    "
// FIXED:    pthread_join(global_uploader, NULL);
// FIXED-NEXT:    execv(argv[0], argv);

void c11(void *job) {
  if (fork() == 0) {
    thrd_t t;
    thrd_create(&t, upload_c11, job);
    _exit(0);
  }
}
// CHECK: fix-it:"{{.*}}":{[[@LINE-3]]:5-[[@LINE-3]]:5}:"thrd_join(t, NULL);\n    "
// FIXED:    thrd_join(t, NULL);
