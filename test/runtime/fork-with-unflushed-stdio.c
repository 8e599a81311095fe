// Output in stdout's buffer at a fork, written out again by the child's
// exit() or return from main: reported, and seen twice. Not when the buffer
// was flushed before the fork, when the child ends with _exit, or when
// stdout is unbuffered. stdout is a pipe here: fully buffered.
// RUN: %clang -g -fno-omit-frame-pointer %s -o %t
// RUN: env LD_PRELOAD=%forksafe_rt %t exit 2>&1 | FileCheck %s --check-prefix=EXIT --implicit-check-not=forksafe-rt
// RUN: env FORKSAFE_RT_FORMAT=json LD_PRELOAD=%forksafe_rt %t return 2>&1 | FileCheck %s --check-prefix=RETURN --implicit-check-not=forksafe-rt
// RUN: env LD_PRELOAD=%forksafe_rt %t flushed 2>&1 | FileCheck %s --check-prefix=ONCE --implicit-check-not=forksafe-rt
// RUN: env LD_PRELOAD=%forksafe_rt %t _exit 2>&1 | FileCheck %s --check-prefix=ONCE --implicit-check-not=forksafe-rt
// RUN: env LD_PRELOAD=%forksafe_rt %t unbuffered 2>&1 | FileCheck %s --check-prefix=ONCE --implicit-check-not=forksafe-rt

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "exit";
  if (strcmp(mode, "unbuffered") == 0)
    setvbuf(stdout, NULL, _IONBF, 0);
  printf("parent up\n");
  if (strcmp(mode, "flushed") == 0)
    fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    if (strcmp(mode, "_exit") == 0)
      _exit(0);
    if (strcmp(mode, "return") == 0)
      return 0;
    exit(0);
  }
  waitpid(pid, NULL, 0);
  return 0;
}

// EXIT: forksafe-rt: warning: pid {{[0-9]+}}: 'exit' in the child writes out the 10 bytes that stdout's buffer held at 'fork', which the parent writes too: the output appears twice; call 'fflush(NULL)' before the fork [forksafe-fork-with-unflushed-stdio]
// EXIT: forksafe-rt: note: pid {{[0-9]+}}: called from
// EXIT: forksafe-rt: note: pid {{[0-9]+}}: the fork, in pid {{[0-9]+}}, was called from
// EXIT: parent up
// EXIT: parent up

// RETURN: {"tool":"forksafe-rt","check":"fork-with-unflushed-stdio",{{.*}}"message":"the return from 'main' (an 'exit') in the child writes out the 10 bytes that stdout's buffer held at 'fork'{{.*}}","function":"exit","fork":{"function":"fork",
// RETURN: parent up
// RETURN: parent up

// ONCE: parent up
// ONCE-NOT: parent up
