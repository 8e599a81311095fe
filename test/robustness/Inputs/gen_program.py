#!/usr/bin/env python3
"""Writes a large C translation unit that stresses forksafe's graph walks.

  chain N   f0 -> f1 -> ... -> fN-1, a thread routine at the top and a fork
            with an escaping child at the bottom: fork-in-thread, N calls deep.
  cycle N   N functions in one call cycle, one of which starts a thread and
            one of which forks: recursion through every summary.
  wide N    N independent functions, each forking with an unsafe call in a
            bounded child after a thread start: N diagnostics.
  mixed N   N functions calling pseudo-random others (fixed seed), with thread
            starts, joins, wrappers, forks and exits sprinkled in.
"""

import random
import sys

PRELUDE = """#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
static void *spin(void *arg) { for (;;) pause(); }
"""


def chain(n):
    out = [PRELUDE]
    out.append("void f%d(int depth);\n" % 0)
    for i in range(n - 1, -1, -1):
        if i == n - 1:
            body = "  if (fork() == 0) puts(\"leaf\");\n"
        else:
            body = "  f%d(depth + 1);\n" % (i + 1)
        out.append("void f%d(int depth) {\n%s}\n" % (i, body))
    out.append("static void *top(void *arg) { f0(0); return arg; }\n")
    out.append("int main(void) { pthread_t t; pthread_create(&t, NULL, top, NULL);"
               " pthread_join(t, NULL); return 0; }\n")
    return "".join(out)


def cycle(n):
    out = [PRELUDE]
    for i in range(n):
        out.append("void c%d(int n);\n" % i)
    for i in range(n):
        body = "  if (n > 0) c%d(n - 1);\n" % ((i + 1) % n)
        if i == 0:
            body += "  pthread_t t; pthread_create(&t, NULL, spin, NULL);\n"
        if i == n // 2:
            body += "  if (fork() == 0) { puts(\"child\"); _exit(0); }\n"
        out.append("void c%d(int n) {\n%s}\n" % (i, body))
    out.append("int main(void) { c0(3); return 0; }\n")
    return "".join(out)


def wide(n):
    out = [PRELUDE]
    for i in range(n):
        out.append(
            "void w%d(void) {\n"
            "  pthread_t t;\n"
            "  pthread_create(&t, NULL, spin, NULL);\n"
            "  pid_t pid = fork();\n"
            "  if (pid == 0) { printf(\"%%d\\n\", %d); _exit(0); }\n"
            "  pthread_join(t, NULL);\n"
            "}\n" % (i, i))
    return "".join(out)


def mixed(n, seed=1):
    rnd = random.Random(seed)
    out = [PRELUDE,
           "static pthread_t workers[8];\n",
           "static pid_t xfork(void) { pid_t p = fork(); if (p < 0) abort(); return p; }\n"]
    for i in range(n):
        out.append("int m%d(int x);\n" % i)
    for i in range(n):
        lines = []
        for _ in range(rnd.randint(1, 4)):
            lines.append("  x += m%d(x - 1);\n" % rnd.randrange(n))
        kind = rnd.randrange(12)
        if kind == 0:
            lines.append("  pthread_create(&workers[x & 7], NULL, spin, NULL);\n")
        elif kind == 1:
            lines.append("  pthread_join(workers[x & 7], NULL);\n")
        elif kind == 2:
            lines.append("  if (xfork() == 0) { printf(\"%d\\n\", x); _exit(0); }\n")
        elif kind == 3:
            lines.append("  switch (fork()) { case 0: execlp(\"true\", \"true\", (char *)0);"
                         " exit(1); case -1: return -1; }\n")
        elif kind == 4:
            lines.append("  if (x > 100) return x;\n")
        out.append("int m%d(int x) {\n  if (x <= 0) return 0;\n%s  return x;\n}\n"
                   % (i, "".join(lines)))
    out.append("int main(void) { return m0(10); }\n")
    return "".join(out)


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("chain", "cycle", "wide", "mixed"):
        sys.exit("usage: gen_program.py chain|cycle|wide|mixed N")
    n = int(sys.argv[2])
    sys.stdout.write(globals()[sys.argv[1]](n))


if __name__ == "__main__":
    main()
