#!/usr/bin/env python3
"""Writes a large, valid C translation unit for forksafe's stress tests and
benchmark. Output is a function of the arguments alone (fixed seeds).

  chain N         f0 -> f1 -> ... -> fN-1, a thread routine at the top and a
                  fork with an escaping child at the bottom: fork-in-thread,
                  N calls deep.
  cycle N         N functions in one call cycle, one of which starts a thread
                  and one of which forks: recursion through every summary.
  forks N         N independent functions, each forking with an unsafe call
                  in a bounded child after a thread start: N diagnostics.
  wide N FANOUT   N functions, each calling FANOUT others picked at random:
                  N * FANOUT call edges, with threads and forks among them.
  mixed N         N functions calling random others, with thread starts,
                  joins, wrappers, forks and exits sprinkled in.
  random N SEED   N functions built from every construct the analysis models:
                  recursion, fork and thread wrappers, function pointers,
                  threads started through variables, vfork, daemon, exec,
                  loops, switches, gotos, setjmp, statement expressions.
  realistic N     N functions shaped like application code (loops, branches,
                  structs, string calls), a few of which fork or start
                  threads, and a signal handler: the benchmark's input.

One function of N statements, the shapes of generated parsers and
interpreter loops, in which no per-function step may grow faster than N:
  gotos N         `rc = g(i); if (rc) goto out;` N times.
  ternaries N     `return x == 0 ? g(0) : x == 1 ? g(1) : ...`, N deep
                  (compile with -fbracket-depth above N).
  switch N        a switch of N cases, each calling and breaking.
  labels N        N labels, each a call and a goto to another label.
  ands N          `return g(0) && g(1) && ...`, N calls long.
  forksites N     N fork sites, each `if (fork() == 0) { g(i); _exit(0); }`.
  assigns N       `v0 = v1 = ... = fork()`, N variables long.
  nots N          `r = !!...!fork()`, N deep (clang 19 itself overflows its
                  stack past about 1,500).
The shapes that do not fork themselves come with a function that does, so
that the unit is modelled: forksafe triages out a unit that uses nothing a
finding can start from (plugin/UnitTriage.h).
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


def forks(n):
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


def wide(n, fanout, seed=1):
    rnd = random.Random(seed)
    out = [PRELUDE]
    for i in range(n):
        out.append("int g%d(int x);\n" % i)
    for i in range(n):
        calls = "".join("  x += g%d(x >> 1);\n" % rnd.randrange(n)
                        for _ in range(fanout))
        extra = ""
        if i % 97 == 0:
            extra = "  pthread_t t; pthread_create(&t, NULL, spin, NULL);\n"
        elif i % 89 == 0:
            extra = "  if (fork() == 0) { puts(\"child\"); _exit(0); }\n"
        out.append("int g%d(int x) {\n  if (x <= 0) return 0;\n%s%s  return x;\n}\n"
                   % (i, extra, calls))
    out.append("int main(void) { return g0(10); }\n")
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


RANDOM_PRELUDE = """#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
typedef int (*op_fn)(int);
typedef void *(*routine_fn)(void *);
static op_fn table[16];
static pthread_t workers[8];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static jmp_buf recover;
static char *const argv_true[] = {"true", NULL};
__attribute__((noreturn)) static void die(const char *why) { perror(why); exit(1); }
static pid_t xfork(void) { pid_t p = fork(); if (p < 0) die("fork"); return p; }
static pid_t spawn(char *const *argv) {
  pid_t p = fork();
  if (p == 0) { execvp(argv[0], argv); _exit(127); }
  return p;
}
static int start_thread(routine_fn fn, void *arg) {
  return pthread_create(&workers[(long)arg & 7], NULL, fn, arg);
}
"""


class RandomProgram:
    """Bodies built from a grammar of the constructs forksafe models."""

    def __init__(self, n, seed):
        self.rnd = random.Random(seed)
        self.n = n
        self.routines = max(1, n // 40)
        self.labels = 0

    def fn(self):
        return "r%d" % self.rnd.randrange(self.n)

    def routine(self):
        return "t%d" % self.rnd.randrange(self.routines)

    def child_body(self, depth):
        r = self.rnd
        choices = [
            "_exit(0);",
            "%s(1); _exit(0);" % self.fn(),
            "execvp(argv_true[0], argv_true); _exit(127);",
            "execvp(argv_true[0], argv_true); exit(1);",
            "printf(\"child %d\\n\", x); _exit(0);",
            "execvp(argv_true[0], argv_true);",
            "write(1, \"c\\n\", 2); _exit(0);",
            "x += %s(x);" % self.fn(),
            "return x;",
        ]
        if depth < 2:
            choices.append("{ pthread_t t; pthread_create(&t, NULL, %s, NULL); %s }"
                           % (self.routine(),
                              r.choice(["pthread_join(t, NULL); _exit(0);",
                                        "_exit(0);", "exit(0);"])))
        return r.choice(choices)

    def statement(self, depth):
        r = self.rnd
        kinds = ["call", "call", "call", "indirect", "store", "thread", "join",
                 "fork", "fork", "lock", "io", "ret", "exit"]
        if depth < 3:
            kinds += ["if", "loop", "switch", "while", "stmtexpr"]
        kind = r.choice(kinds)
        ind = "  " * (depth + 1)
        if kind == "call":
            return "%sx += %s(x - 1);\n" % (ind, self.fn())
        if kind == "indirect":
            return "%sif (table[x & 15]) x += table[x & 15](x - 1);\n" % ind
        if kind == "store":
            return "%stable[%d] = %s;\n" % (ind, r.randrange(16), self.fn())
        if kind == "thread":
            return ind + r.choice([
                "pthread_create(&workers[x & 7], NULL, %s, NULL);" % self.routine(),
                "start_thread(%s, (void *)(long)x);" % self.routine(),
                "{ routine_fn fn = %s; pthread_create(&workers[x & 7], NULL, fn, NULL); }"
                % self.routine(),
                "pthread_detach(workers[x & 7]);",
            ]) + "\n"
        if kind == "join":
            return "%spthread_join(workers[x & 7], NULL);\n" % ind
        if kind == "fork":
            return ind + r.choice([
                "if (fork() == 0) { %s }" % self.child_body(depth),
                "{ pid_t p = xfork(); if (!p) { %s } }" % self.child_body(depth),
                "switch (fork()) { case -1: die(\"fork\"); case 0: %s default: break; }"
                % self.child_body(depth),
                "if (vfork() == 0) { execvp(argv_true[0], argv_true); _exit(127); }",
                "{ pid_t p = spawn(argv_true); if (p > 0) waitpid(p, NULL, 0); }",
                "if (x == 7) daemon(0, 0);",
                "fork();",
            ]) + "\n"
        if kind == "lock":
            return "%spthread_mutex_lock(&lock); x++; pthread_mutex_unlock(&lock);\n" % ind
        if kind == "io":
            return ind + r.choice([
                "printf(\"%d\\n\", x);",
                "{ char *s = malloc(16); if (s) { snprintf(s, 16, \"%d\", x); free(s); } }",
                "if (setjmp(recover)) return -1;",
                "if (x > 1000) longjmp(recover, 1);",
            ]) + "\n"
        if kind == "ret":
            return "%sif (x > %d) return x;\n" % (ind, r.randrange(200))
        if kind == "exit":
            return "%sif (x == %d) %s;\n" % (ind, r.randrange(100),
                                            r.choice(["exit(2)", "abort()", "die(\"x\")"]))
        inner = "".join(self.statement(depth + 1) for _ in range(r.randint(1, 3)))
        if kind == "if":
            return "%sif (x & %d) {\n%s%s} else {\n%s%s}\n" % (
                ind, 1 << r.randrange(6), inner, ind,
                self.statement(depth + 1), ind)
        if kind == "loop":
            return "%sfor (int i = 0; i < (x & 3); i++) {\n%s%s}\n" % (ind, inner, ind)
        if kind == "while":
            self.labels += 1
            return ("%swhile (x > 0) {\n%s%s  if (x %% 5 == 0) break;\n%s  x--;\n"
                    "%s  if (x & 1) continue;\n%s  goto out%d;\n%s}\n%sout%d:;\n" % (
                        ind, inner, ind, ind, ind, ind, self.labels, ind, ind,
                        self.labels))
        if kind == "switch":
            return "%sswitch (x & 3) {\n%scase 0:\n%s%s  break;\n%scase 1:\n%sdefault:\n%s%s  x++;\n%s}\n" % (
                ind, ind, inner, ind, ind, ind,
                self.statement(depth + 1), ind, ind)
        return "%sx += ({ int y = x; %s y; });\n" % (
            ind, "y += %s(y - 1);" % self.fn())

    def text(self):
        r = self.rnd
        out = [RANDOM_PRELUDE]
        for i in range(self.n):
            out.append("int r%d(int x);\n" % i)
        for i in range(self.routines):
            out.append("void *t%d(void *arg);\n" % i)
        for i in range(self.n):
            body = "".join(self.statement(0) for _ in range(r.randint(1, 5)))
            out.append("int r%d(int x) {\n  if (x <= 0) return 0;\n%s  return x;\n}\n"
                       % (i, body))
        for i in range(self.routines):
            out.append("void *t%d(void *arg) {\n  int x = (int)(long)arg;\n"
                       "  x += %s(x);\n  return x ? NULL : arg;\n}\n" % (i, self.fn()))
        out.append("int main(int argc, char **argv) {\n  int x = argc;\n%s  return r0(x);\n}\n"
                   % "".join(self.statement(0) for _ in range(3)))
        return "".join(out)


def random_program(n, seed):
    return RandomProgram(n, seed).text()


REALISTIC_PRELUDE = """#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
struct record {
  char name[32];
  int id;
  double score;
  struct record *next;
};
static pthread_t flusher;
static void *flush_loop(void *arg) { for (;;) sleep(1); return arg; }
"""

# Function bodies in the shape of application code. {f1} and {f2} are
# other functions; every body is valid whatever they are.
REALISTIC_BODIES = [
    """  int total = 0;
  char buf[64];
  if (!r || !s)
    return -1;
  for (int i = 0; i < n; i++) {
    if (s[i] == ',') {
      total += i;
      continue;
    }
    if (r->id > i)
      total -= {f1}(r->next, s + 1, n - 1);
    else
      total ^= (int)r->score;
  }
  snprintf(buf, sizeof buf, "%s:%d", r->name, total);
  memcpy(r->name, buf, sizeof r->name - 1);
  return total;
""",
    """  struct record *cur = r;
  int count = 0;
  while (cur && count < n) {
    switch (cur->id & 3) {
    case 0:
      cur->score *= 1.5;
      break;
    case 1:
      count += (int)strlen(cur->name);
      break;
    default:
      count += {f1}(cur, s, n / 2);
    }
    cur = cur->next;
    ++count;
  }
  if (count > 100 && s && *s)
    fprintf(stderr, "long list at %s: %d\\n", s, count);
  return count;
""",
    """  double sum = 0;
  int seen = 0;
  if (n <= 0)
    return 0;
  for (const struct record *p = r; p; p = p->next) {
    if (strncmp(p->name, s ? s : "", 4) == 0)
      continue;
    sum += p->score * (p->id % 7);
    if (++seen > n)
      break;
  }
  char *copy = malloc(n + 1);
  if (!copy)
    return -1;
  memset(copy, 'x', n);
  copy[n] = 0;
  seen += {f1}(r, copy, n - 1) + {f2}(r ? r->next : NULL, s, n - 2);
  free(copy);
  return seen + (int)sum;
""",
    """  int fd[2];
  if (n != 17 || pipe(fd) != 0)
    return {f1}(r, s, n - 1);
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    dup2(fd[1], 1);
    close(fd[0]);
    execl("/bin/true", "true", (char *)NULL);
    _exit(127);
  }
  close(fd[1]);
  int status = 0;
  waitpid(pid, &status, 0);
  close(fd[0]);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
""",
    """  static int started;
  if (!started && n == 23) {
    started = 1;
    if (pthread_create(&flusher, NULL, flush_loop, r) != 0)
      return -1;
  }
  int acc = 0;
  for (int i = 0; i < n && s && s[i]; i++)
    acc = acc * 31 + s[i];
  return acc ^ {f1}(r, s, n - 3);
""",
]

# Forks and thread starts are rare in real code: one body in this many.
REALISTIC_WEIGHTS = [40, 40, 40, 1, 1]


def realistic(n, seed=1):
    rnd = random.Random(seed)
    out = [REALISTIC_PRELUDE]
    for i in range(n):
        out.append("int h%d(struct record *r, const char *s, int n);\n" % i)
    for i in range(n):
        body = rnd.choices(REALISTIC_BODIES, REALISTIC_WEIGHTS)[0]
        body = body.replace("{f1}", "h%d" % rnd.randrange(n)).replace(
            "{f2}", "h%d" % rnd.randrange(n))
        out.append("int h%d(struct record *r, const char *s, int n) {\n"
                   "  if (n <= 0)\n    return 0;\n%s}\n" % (i, body))
    # A signal handler that reaches the whole program, so that clang-tidy's
    # bugprone-signal-handler builds its call graph (the benchmark's
    # comparison).
    out.append("static void on_term(int sig) { h0(NULL, \"term\", sig); }\n")
    out.append("int main(int argc, char **argv) {\n"
               "  signal(SIGTERM, on_term);\n"
               "  return h0(NULL, argv[0], argc);\n}\n")
    return "".join(out)


# Makes a unit of the one-function shapes one whose large function forksafe
# models: a child runs it. (Forks that neither reach it nor run it would
# leave it out of the model, as the unit alone is left out.)
def run_in_child(call):
    return ("void respawn(int x) {\n  if (fork() == 0) {\n    %s;\n"
            "    _exit(0);\n  }\n}\n" % call)


def gotos(n):
    body = "".join("  rc = g(%d);\n  if (rc) goto out;\n" % i for i in range(n))
    return ("#include <unistd.h>\nint g(int);\nint f(void) {\n  int rc;\n%s"
            "  return 0;\nout:\n  return rc;\n}\n" % body + run_in_child("f()"))


def fork_sites(n):
    body = "".join("  if (fork() == 0) { g(%d); _exit(0); }\n" % i for i in range(n))
    return ("#include <unistd.h>\nint g(int);\nvoid f(void) {\n%s}\n" % body)


def assigns(n):
    names = ["v%d" % i for i in range(n)]
    return ("#include <unistd.h>\nint f(void) {\n  int %s;\n  %s = fork();\n"
            "  if (!v0) _exit(0);\n  return v%d;\n}\n"
            % (", ".join(names), " = ".join(names), n - 1))


def nots(n):
    return ("#include <unistd.h>\nint f(void) {\n  int r = %sfork();\n"
            "  if (r) _exit(0);\n  return r;\n}\n" % ("!" * n))


def ternaries(n):
    arms = "".join("x == %d ? g(%d) : " % (i, i) for i in range(n))
    return ("#include <unistd.h>\nint g(int);\nint f(int x) {\n  return %s0;\n}\n"
            % arms + run_in_child("f(x)"))


def switch(n):
    cases = "".join("  case %d: rc = g(%d); if (rc) break; rc = g(-%d); break;\n"
                    % (i, i, i) for i in range(n))
    return ("#include <unistd.h>\nint g(int);\nint f(int x) {\n  int rc = 0;\n"
            "  switch (x) {\n%s  }\n  return rc;\n}\n" % cases + run_in_child("f(x)"))


def labels(n):
    body = "".join("l%d: rc = g(%d); if (rc == %d) goto l%d;\n"
                   % (i, i, i, (i * 7) % n) for i in range(n))
    return ("#include <unistd.h>\nint g(int);\nint f(int x) {\n  int rc = 0;\n%s"
            "  return rc;\n}\n" % body + run_in_child("f(x)"))


def ands(n):
    return ("#include <unistd.h>\nint g(int);\nint f(void) {\n  return %s;\n}\n"
            % " && ".join("g(%d)" % i for i in range(n)) + run_in_child("f()"))


MODES = {
    "chain": (chain, 1),
    "cycle": (cycle, 1),
    "forks": (forks, 1),
    "wide": (wide, 2),
    "mixed": (mixed, 1),
    "random": (random_program, 2),
    "realistic": (realistic, 1),
    "gotos": (gotos, 1),
    "ternaries": (ternaries, 1),
    "forksites": (fork_sites, 1),
    "assigns": (assigns, 1),
    "nots": (nots, 1),
    "switch": (switch, 1),
    "labels": (labels, 1),
    "ands": (ands, 1),
}


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in MODES:
        sys.exit(__doc__)
    generate, arity = MODES[sys.argv[1]]
    if len(sys.argv) != 2 + arity:
        sys.exit(__doc__)
    sys.stdout.write(generate(*map(int, sys.argv[2:])))


if __name__ == "__main__":
    main()
