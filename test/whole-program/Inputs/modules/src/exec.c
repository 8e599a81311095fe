#include <pthread.h>
#include <pwd.h>
#include <unistd.h>

int plugin_thread_create(pthread_t *t, void *(*start)(void *), void *arg);

static void *exec_read(void *arg) {
  if (fork() == 0) {
    getpwnam("nobody");
    execl("/bin/true", "true", (char *)0);
    _exit(127);
  }
  return arg;
}

void module_init(void) {
  pthread_t t;
  plugin_thread_create(&t, exec_read, NULL);
}
