// Every exec function passes its arguments and environment on unchanged,
// and each one's failure in a child makes a later exit() exit-in-child.
// RUN: %clang -g -fno-omit-frame-pointer %s -o %t
// RUN: env LD_PRELOAD=%forksafe_rt %t 2>&1 | FileCheck %s
// RUN: env LD_PRELOAD=%forksafe_rt %t fail 2>&1 | FileCheck %s --check-prefix=FAIL

#define _GNU_SOURCE /* execvpe, execveat */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static const char *const functions[] = {"execl",  "execle",  "execlp",
                                        "execv",  "execve",  "execvp",
                                        "execvpe", "execveat", "fexecve"};

static void run(const char *fn, int fail) {
  const char *sh = fail ? "/nonexistent/sh" : "/bin/sh";
  const char *shname = fail ? "nonexistent-sh" : "sh";
  const char *script = "echo \"$0: $1 $2 X=$X\"";
  char *argv[] = {(char *)shname, "-c", (char *)script, (char *)fn, "a b", "c",
                  NULL};
  char *envp[] = {"X=from-envp", NULL};
  setenv("X", "from-environ", 1);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    if (!strcmp(fn, "execl"))
      execl(sh, shname, "-c", script, fn, "a b", "c", (char *)NULL);
    else if (!strcmp(fn, "execle"))
      execle(sh, shname, "-c", script, fn, "a b", "c", (char *)NULL, envp);
    else if (!strcmp(fn, "execlp"))
      execlp(fail ? shname : "sh", shname, "-c", script, fn, "a b", "c",
             (char *)NULL);
    else if (!strcmp(fn, "execv"))
      execv(sh, argv);
    else if (!strcmp(fn, "execve"))
      execve(sh, argv, envp);
    else if (!strcmp(fn, "execvp"))
      execvp(fail ? shname : "sh", argv);
    else if (!strcmp(fn, "execvpe"))
      execvpe(fail ? shname : "sh", argv, envp);
    else if (!strcmp(fn, "execveat"))
      execveat(AT_FDCWD, sh, argv, envp, 0);
    else if (!strcmp(fn, "fexecve"))
      fexecve(open(sh, O_RDONLY | O_CLOEXEC), argv, envp);
    exit(127);
  }
  int status;
  waitpid(pid, &status, 0);
}

int main(int argc, char **argv) {
  for (size_t i = 0; i < sizeof functions / sizeof *functions; i++)
    run(functions[i], argc > 1);
  return 0;
}

// CHECK-NOT: forksafe-rt
// CHECK: execl: a b c X=from-environ
// CHECK-NEXT: execle: a b c X=from-envp
// CHECK-NEXT: execlp: a b c X=from-environ
// CHECK-NEXT: execv: a b c X=from-environ
// CHECK-NEXT: execve: a b c X=from-envp
// CHECK-NEXT: execvp: a b c X=from-environ
// CHECK-NEXT: execvpe: a b c X=from-envp
// CHECK-NEXT: execveat: a b c X=from-envp
// CHECK-NEXT: fexecve: a b c X=from-envp
// CHECK-NOT: forksafe-rt

// FAIL-COUNT-9: forksafe-rt: warning: pid {{[0-9]+}}: 'exit' after a failed exec {{.*}}[forksafe-exit-in-child]
