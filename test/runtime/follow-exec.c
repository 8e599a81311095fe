// What the program execs or spawns inherits LD_PRELOAD and is watched too;
// FORKSAFE_RT_FOLLOW_EXEC=0 watches the program alone: the library leaves
// LD_PRELOAD at load (the other entries stay, in order), so neither an
// exec nor system() brings it into the next program, and the program
// itself is still watched.
// RUN: %clang -g -pthread %s -o %t
// RUN: %clang -shared -fPIC -x c /dev/null -o %t-empty.so
//
// RUN: env LD_PRELOAD=%forksafe_rt %t exec 2>&1 | FileCheck %s --check-prefix=FOLLOW
// FOLLOW: inner LD_PRELOAD=[{{.*}}libforksafe-rt.so]
// FOLLOW: forksafe-rt: warning: {{.*}}[forksafe-fork-with-threads]
//
// RUN: env FORKSAFE_RT_FOLLOW_EXEC=0 LD_PRELOAD=%forksafe_rt:%t-empty.so %t exec 2>&1 | FileCheck %s --check-prefix=ALONE --implicit-check-not=forksafe-rt
// RUN: env FORKSAFE_RT_FOLLOW_EXEC=0 LD_PRELOAD="%t-empty.so %forksafe_rt" %t system 2>&1 | FileCheck %s --check-prefix=ALONE --implicit-check-not=forksafe-rt
// ALONE: inner LD_PRELOAD=[{{[^:]*}}-empty.so]
// ALONE: inner forked
//
// RUN: env FORKSAFE_RT_FOLLOW_EXEC=0 LD_PRELOAD=%forksafe_rt %t inner 2>&1 | FileCheck %s --check-prefix=ITSELF
// ITSELF: inner LD_PRELOAD=[]
// ITSELF: forksafe-rt: warning: {{.*}}[forksafe-fork-with-threads]
//
// Any other value follows.
// RUN: env FORKSAFE_RT_FOLLOW_EXEC=1 LD_PRELOAD=%forksafe_rt %t exec 2>&1 | FileCheck %s --check-prefix=FOLLOW

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void *idle(void *arg) {
  for (;;)
    pause();
  return arg;
}

/* Forks while a thread runs, and the child calls getenv: reports, where the
 * library is loaded. */
static int inner(void) {
  const char *preload = getenv("LD_PRELOAD");
  printf("inner LD_PRELOAD=[%s]\n", preload ? preload : "");
  fflush(stdout);
  pthread_t t;
  pthread_create(&t, NULL, idle, NULL);
  pid_t pid = fork();
  if (pid == 0)
    _exit(getenv("PATH") == NULL);
  waitpid(pid, NULL, 0);
  printf("inner forked\n");
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  if (strcmp(argv[1], "inner") == 0)
    return inner();
  if (strcmp(argv[1], "system") == 0) {
    char command[4096];
    snprintf(command, sizeof command, "%s inner", argv[0]);
    return system(command) == 0 ? 0 : 1;
  }
  pid_t pid = fork();
  if (pid == 0) {
    execl(argv[0], argv[0], "inner", (char *)NULL);
    _exit(127);
  }
  int status;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
