// In a process with other threads, the escape is fork-with-threads'.
// RUN: %forksafe_cc -Xclang -verify -Xclang -verify-ignore-unexpected=note %s

#include <pthread.h>
#include <unistd.h>

void *flush(void *);

pid_t spawn_in(const char *dir, char **argv) {
  pthread_t t;
  pthread_create(&t, 0, flush, 0);
  pid_t pid = fork(); // expected-warning {{'fork' is called while other threads may be running, and its child returns from 'spawn_in' [forksafe-fork-with-threads]}}
  if (pid == 0) {
    if (chdir(dir) < 0)
      return -1;
    execv(argv[0], argv);
    _exit(127);
  }
  return pid;
}

// Off, with fork-with-threads off too: nothing.
// RUN: %forksafe_cc -fplugin-arg-forksafe-checks=-fork-with-threads %s 2>&1 | FileCheck %s --allow-empty --check-prefix=OFF
// OFF-NOT: child-escapes
