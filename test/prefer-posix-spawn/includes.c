// The headers the rewrite needs go after the last #include the
// preprocessor took, not after one in a skipped #if.
// RUN: %forksafe_cc -fplugin-arg-forksafe-checks=modernize -fdiagnostics-parseable-fixits %s 2>&1 | FileCheck %s
// CHECK: fix-it:"{{.*}}":{8:1-8:1}:"#include <errno.h>\n#include <spawn.h>\n"

#include <stdlib.h>
#include <unistd.h>
#if defined(NOT_THIS_TIME)
#include <not/here.h>
#endif

int run(char **argv) {
  pid_t pid = fork();
  if (pid == 0) {
    execv(argv[0], argv);
    _exit(127);
  }
  return pid;
}
