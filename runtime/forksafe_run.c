/* forksafe-run PROGRAM [ARGS...]: runs PROGRAM with forksafe-rt preloaded.
 *
 * The library is the one next to this program, ../lib/libforksafe-rt.so
 * from the directory of /proc/self/exe, put first in LD_PRELOAD (whatever
 * was there stays, after it). The exit status is the program's, or 127
 * when it cannot be run.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "usage: forksafe-run PROGRAM [ARGS...]\n"
    "Runs PROGRAM with the forksafe-rt library preloaded, which reports\n"
    "fork-safety bugs as they happen (see docs/runtime.md).\n"
    "  FORKSAFE_RT_FORMAT=json   one JSON object per report and line\n"
    "  FORKSAFE_RT_LOG=FILE      append the reports to FILE, not stderr\n"
    "  FORKSAFE_RT_ABORT=1       abort at the first report\n";

/* The library's path, from this program's own. */
static int find_library(char *path, size_t size) {
  char self[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0)
    return 0;
  self[n] = 0;
  char *slash = strrchr(self, '/');
  if (!slash)
    return 0;
  *slash = 0;
  char relative[PATH_MAX + 32];
  snprintf(relative, sizeof relative, "%s/../lib/libforksafe-rt.so", self);
  if (!realpath(relative, path) || strlen(path) >= size)
    return 0;
  return access(path, R_OK) == 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fputs("forksafe-run: error: no program to run\n", stderr);
    fputs(usage, stderr);
    return 2;
  }
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
    fputs(usage, stdout);
    return 0;
  }
  char library[PATH_MAX];
  if (!find_library(library, sizeof library)) {
    fputs("forksafe-run: error: cannot find ../lib/libforksafe-rt.so next "
          "to this program\n",
          stderr);
    return 127;
  }
  const char *old = getenv("LD_PRELOAD");
  size_t size = strlen(library) + (old ? strlen(old) : 0) + 2;
  char *preload = malloc(size);
  if (!preload) {
    perror("forksafe-run");
    return 127;
  }
  if (old && old[0])
    snprintf(preload, size, "%s:%s", library, old);
  else
    snprintf(preload, size, "%s", library);
  if (setenv("LD_PRELOAD", preload, 1) != 0) {
    perror("forksafe-run: setenv");
    return 127;
  }
  execvp(argv[1], argv + 1);
  fprintf(stderr, "forksafe-run: error: cannot run '%s': %s\n", argv[1],
          strerror(errno));
  return 127;
}
