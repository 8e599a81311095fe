// The allocator's wrappers change nothing: every function of the malloc
// family, from several threads at once, gives the same results with the
// runtime as without it.
// RUN: %clang -pthread %s -o %t
// RUN: %t | FileCheck %s
// RUN: env LD_PRELOAD=%forksafe_rt %t 2>&1 | FileCheck %s --implicit-check-not=forksafe-rt
// CHECK: thread 0: ok
// CHECK: thread 1: ok
// CHECK: thread 2: ok
// CHECK: thread 3: ok

#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int aligned(void *p, size_t a) { return ((uintptr_t)p & (a - 1)) == 0; }

static void *exercise(void *arg) {
  int ok = 1;
  for (int i = 0; i < 20000; i++) {
    size_t n = (size_t)(i % 977) + 1;
    unsigned char *p = malloc(n);
    memset(p, 0xab, n);
    p = realloc(p, 2 * n);
    ok &= p[n - 1] == 0xab;
    free(p);
    unsigned char *z = calloc(n, 3);
    for (size_t k = 0; k < 3 * n; k++)
      ok &= z[k] == 0;
    free(z);
    void *q = NULL;
    ok &= posix_memalign(&q, 64, n) == 0 && aligned(q, 64);
    free(q);
    q = aligned_alloc(128, 256);
    ok &= aligned(q, 128);
    free(q);
    q = memalign(32, n);
    ok &= aligned(q, 32);
    free(q);
    if (i % 1000 == 0) {
      q = valloc(n);
      ok &= aligned(q, 4096);
      free(q);
    }
  }
  return (void *)(intptr_t)ok;
}

int main(void) {
  pthread_t threads[4];
  for (int i = 0; i < 4; i++)
    pthread_create(&threads[i], NULL, exercise, NULL);
  for (int i = 0; i < 4; i++) {
    void *ok;
    pthread_join(threads[i], &ok);
    printf("thread %d: %s\n", i, ok ? "ok" : "WRONG");
  }
  return 0;
}
