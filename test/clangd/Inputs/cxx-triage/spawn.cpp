#include <pthread.h>
#include <stdio.h>
#include "sys.h"
static void *work(void *arg) { return arg; }
int main() {
  pthread_t t;
  pthread_create(&t, nullptr, work, nullptr);
  if (sys::forkpty(nullptr, nullptr, nullptr, nullptr) == 0)
    printf("child\n");
  return 0;
}
