#include <dlfcn.h>
#include <pthread.h>

int plugin_thread_create(pthread_t *t, void *(*start)(void *), void *arg) {
  return pthread_create(t, NULL, start, arg);
}

void plugin_load(const char *path) {
  void *module = dlopen(path, RTLD_NOW);
  void (*init)(void) = (void (*)(void))dlsym(module, "module_init");
  init();
}
