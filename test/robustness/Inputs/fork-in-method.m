/* The same child in a C function and in an Objective-C method. */
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

@interface Spawner
- (void)spawn;
@end

@implementation Spawner
- (void)spawn {
  if (fork() == 0) {
    printf("child\n");
    _exit(0);
  }
}
@end

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, work, 0);
  in_function();
  return 0;
}
