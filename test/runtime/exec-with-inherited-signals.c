// An exec in a fork child with a signal ignored, or signals blocked, that
// the program set and the child did not restore: reported. Not when the
// child restores them, nor when the program was started with them so (sh's
// `trap "" PIPE` before it): it passes on what it got.
// RUN: %clang -g -fno-omit-frame-pointer %s -o %t
// RUN: env LD_PRELOAD=%forksafe_rt %t ignored 2>&1 | FileCheck %s --check-prefix=IGNORED --implicit-check-not=forksafe-rt
// RUN: env LD_PRELOAD=%forksafe_rt %t blocked 2>&1 | FileCheck %s --check-prefix=BLOCKED --implicit-check-not=forksafe-rt
// RUN: env LD_PRELOAD=%forksafe_rt %t restored 2>&1 | FileCheck %s --check-prefix=QUIET --implicit-check-not=forksafe-rt
// RUN: env LD_PRELOAD=%forksafe_rt sh -c 'trap "" PIPE; exec %t plain' 2>&1 | FileCheck %s --check-prefix=QUIET --implicit-check-not=forksafe-rt

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "ignored";
  if (strcmp(mode, "ignored") == 0 || strcmp(mode, "restored") == 0)
    signal(SIGPIPE, SIG_IGN);
  if (strcmp(mode, "blocked") == 0) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigprocmask(SIG_BLOCK, &set, NULL);
  }
  pid_t pid = fork();
  if (pid == 0) {
    if (strcmp(mode, "restored") == 0)
      signal(SIGPIPE, SIG_DFL);
    execl("/bin/true", "true", (char *)NULL);
    _exit(127);
  }
  int status;
  waitpid(pid, &status, 0);
  printf("done %d\n", WEXITSTATUS(status));
  return 0;
}

// IGNORED: forksafe-rt: warning: pid {{[0-9]+}}: 'execl' runs the new program with SIGPIPE ignored, as this program set it: it gets EPIPE from a write to a closed pipe instead of being ended by SIGPIPE; restore the default in the child before the exec [forksafe-exec-with-inherited-signals]
// IGNORED: forksafe-rt: note: pid {{[0-9]+}}: called from
// IGNORED: done 0

// BLOCKED: forksafe-rt: warning: pid {{[0-9]+}}: 'execl' runs the new program with signals blocked that this program blocked: they stay pending instead of reaching it; restore the mask in the child before the exec [forksafe-exec-with-inherited-signals]
// BLOCKED: forksafe-rt: note: pid {{[0-9]+}}: called from
// BLOCKED: done 0

// QUIET: done 0
