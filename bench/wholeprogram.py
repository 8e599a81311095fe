#!/usr/bin/env python3
"""What whole-program analysis costs: on a generated project of many
translation units whose functions call each other across files,

  1. `forksafe -p DIR -j N` against `clang -fsyntax-only` over the same files
     with N at a time (the ratio of wall times, measured in this run);
  2. the merge and analysis alone: `forksafe --summaries` over the summaries
     of a project of --summaries-units translation units.

  wholeprogram.py --forksafe build/bin/forksafe --plugin build/lib/forksafe.so
                  [--units 300] [--functions 30] [-j 2]
                  [--summaries-units 10000]
"""

import argparse
import concurrent.futures
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_program  # noqa: E402
from llvm_tools import llvm_tool  # noqa: E402


def write_project(root, units, functions, clang, seed=1):
    """units files of functions functions each, in the shape of
    gen_program's realistic bodies, calling functions of any file, and a
    compilation database that compiles them with clang."""
    rnd = random.Random(seed)
    total = units * functions
    name = lambda i: "h%d" % i
    commands = []
    for u in range(units):
        defined = range(u * functions, (u + 1) * functions)
        bodies, callees = [], set()
        for i in defined:
            f1, f2 = rnd.randrange(total), rnd.randrange(total)
            body = rnd.choices(gen_program.REALISTIC_BODIES,
                               gen_program.REALISTIC_WEIGHTS)[0]
            bodies.append(body.replace("{f1}", name(f1)).replace("{f2}", name(f2)))
            callees.update((f1, f2))
        lines = [gen_program.REALISTIC_PRELUDE.replace(
            "static pthread_t flusher;", "extern pthread_t flusher;")]
        # Every function the file defines or calls, declared first.
        for i in sorted(callees | set(defined)):
            lines.append("int %s(struct record *r, const char *s, int n);\n"
                         % name(i))
        if u == 0:
            lines.append("pthread_t flusher;\n")
        for i, body in zip(defined, bodies):
            lines.append("int %s(struct record *r, const char *s, int n) {\n"
                         "  if (n <= 0)\n    return 0;\n%s}\n" % (name(i), body))
        if u == 0:
            lines.append("int main(int argc, char **argv) {\n"
                         "  return h0(NULL, argv[0], argc);\n}\n")
        path = "unit%d.c" % u
        with open(os.path.join(root, path), "w") as out:
            out.write("".join(lines))
        commands.append({"directory": root, "file": path,
                         "arguments": [clang, "-std=gnu11", "-c", path,
                                       "-o", path[:-2] + ".o"],
                         "output": path[:-2] + ".o"})
    with open(os.path.join(root, "compile_commands.json"), "w") as out:
        json.dump(commands, out)
    return [c["file"] for c in commands]


def wall(cmd, cwd=None, ok=(0,)):
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    if proc.returncode not in ok:
        sys.exit("failed (%d): %s\n%s" % (proc.returncode, " ".join(cmd),
                                           proc.stderr.decode()[-2000:]))
    return time.perf_counter() - start


def parallel_clang(clang, root, files, jobs, extra=()):
    """Seconds to compile every file, jobs at a time."""
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        for f in pool.map(lambda f: wall([clang, "-fsyntax-only", "-std=gnu11",
                                          *extra, f], cwd=root), files):
            pass
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--forksafe", required=True)
    parser.add_argument("--plugin", required=True)
    parser.add_argument("--clang", help="default: the clang the plugin was built for")
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--functions", type=int, default=30)
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--summaries-units", type=int, default=10000)
    args = parser.parse_args()
    forksafe = os.path.abspath(args.forksafe)
    plugin = os.path.abspath(args.plugin)
    args.clang = args.clang or llvm_tool(plugin, "clang")

    with tempfile.TemporaryDirectory() as tmp:
        project = os.path.join(tmp, "project")
        os.makedirs(project)
        files = write_project(project, args.units, args.functions, args.clang)
        plain, tool = [], []
        for _ in range(args.repeat):
            plain.append(parallel_clang(args.clang, project, files, args.jobs))
            tool.append(wall([forksafe, "-p", project, "-j", str(args.jobs)],
                             ok=(0, 1)))
        p, t = statistics.median(plain), statistics.median(tool)
        print("project of %d units, %d functions each, -j %d" % (
            args.units, args.functions, args.jobs))
        print("  clang -fsyntax-only over the files: %.2f s" % p)
        print("  forksafe -p:                        %.2f s  ratio %.3f" % (t, t / p))

        # Summaries of a project of many small units, written by the plugin
        # as a build would; then the merge and analysis alone.
        many = os.path.join(tmp, "many")
        os.makedirs(many)
        files = write_project(many, args.summaries_units, 3, args.clang, seed=2)
        summaries = os.path.join(tmp, "summaries")
        build = parallel_clang(args.clang, many, files, args.jobs,
                               ["-fplugin=" + plugin,
                                "-fplugin-arg-forksafe-summary-dir=" + summaries])
        merges = [wall([forksafe, "--summaries", summaries], ok=(0, 1))
                  for _ in range(args.repeat)]
        size = sum(os.path.getsize(os.path.join(summaries, f))
                   for f in os.listdir(summaries))
        print("%d summaries (%.1f MB, written in %.1f s by the build):" % (
            len(os.listdir(summaries)), size / 1e6, build))
        print("  forksafe --summaries (read, merge, analyse, report): %.2f s" %
              statistics.median(merges))
    return 0


if __name__ == "__main__":
    sys.exit(main())
