/* A child that calls printf after the fork of a multithreaded process, once
 * in a function and once in a block. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void *work(void *arg) { return arg; }

static void in_function(void) {
  if (fork() == 0) {
    printf("child\n");
    _exit(0);
  }
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, work, 0);
  in_function();
  void (^in_block)(void) = ^{
    if (fork() == 0) {
      printf("child\n");
      _exit(0);
    }
  };
  in_block();
  return 0;
}
