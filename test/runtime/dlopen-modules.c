// A library the program dlopens after start-up is in the module list at
// the next fork: its frames are named module+offset too.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %clang -g -fno-omit-frame-pointer -shared -fPIC -DPLUGIN %s -o %t.dir/libspawner.so
// RUN: %clang -g -fno-omit-frame-pointer -pthread %s -o %t.dir/program -ldl
// RUN: env FORKSAFE_RT_FORMAT=json LD_PRELOAD=%forksafe_rt %t.dir/program %t.dir/libspawner.so 2>&1 | FileCheck %s
// CHECK: {"tool":"forksafe-rt","check":"fork-with-threads",{{.*}}"backtrace":["{{[^"]*}}/libspawner.so+0x{{[0-9a-f]+}}","{{[^"]*}}/program+0x{{[0-9a-f]+}}"
// CHECK: {"tool":"forksafe-rt","check":"unsafe-call-in-child",{{.*}}"function":"malloc",{{.*}}"backtrace":["{{[^"]*}}/libspawner.so+0x{{[0-9a-f]+}}",

#ifdef PLUGIN
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

void spawn(void) {
  pid_t pid = fork();
  if (pid == 0)
    _exit(malloc(8) == NULL);
  waitpid(pid, NULL, 0);
}
#else
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void *idle(void *arg) {
  for (;;)
    pause();
  return arg;
}

int main(int argc, char **argv) {
  pthread_t t;
  pthread_create(&t, NULL, idle, NULL);
  /* A first fork, before the library is loaded: the list is read here. */
  pid_t pid = fork();
  if (pid == 0)
    _exit(0);
  void *library = dlopen(argv[1], RTLD_NOW);
  if (!library) {
    printf("dlopen failed: %s\n", dlerror());
    return 1;
  }
  void (*spawn)(void) = (void (*)(void))dlsym(library, "spawn");
  spawn();
  return 0;
}
#endif
