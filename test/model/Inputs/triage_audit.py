#!/usr/bin/env python3
"""Compiles each C file under the test directory twice with the plugin:
as a user would, where the triage may skip the unit, and with a summary
directory, which makes the plugin model and analyse every unit. Prints any
file whose diagnostics differ, and a count; exits 1 if any does. With
--lang c++, the C++ files and the C files alike are compiled as C++ (most
of them are valid C++, and C++ units are triaged by another rule).

  triage_audit.py --clang 'CLANG' --plugin forksafe.so --tests DIR --tmp DIR
                  [--lang c++] [--arg threads=assume]

CLANG is a command line (`env LD_PRELOAD=... clang` for a sanitized
plugin).
"""

import argparse
import glob
import os
import shlex
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor


def diagnostics(cmd, cwd):
    result = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    return result.returncode, result.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clang", required=True)
    parser.add_argument("--plugin", required=True)
    parser.add_argument("--tests", required=True)
    parser.add_argument("--tmp", required=True)
    parser.add_argument("--arg", action="append", default=[],
                        help="a plugin argument for both compiles")
    parser.add_argument("--lang", choices=["c", "c++"], default="c")
    args = parser.parse_args()

    tests = os.path.abspath(args.tests)
    patterns = ["*.c"] if args.lang == "c" else ["*.c", "*.cpp"]
    files = sorted(path for pattern in patterns for path in
                   glob.glob(os.path.join(tests, "**", pattern),
                             recursive=True))
    language = (["-std=gnu11"] if args.lang == "c" else
                ["-x", "c++", "-std=gnu++20"])
    base = shlex.split(args.clang) + language + ["-fsyntax-only",
            "-fplugin=" + args.plugin]
    base += ["-fplugin-arg-forksafe-" + a for a in args.arg]

    def audit(index_and_file):
        index, path = index_and_file
        cwd = os.path.dirname(path)
        summaries = os.path.join(args.tmp, str(index))
        triaged = diagnostics(base + [path], cwd)
        modelled = diagnostics(
            base + ["-fplugin-arg-forksafe-summary-dir=" + summaries, path],
            cwd)
        return path, triaged == modelled, "warning:" in triaged[1]

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        results = list(pool.map(audit, enumerate(files)))
    differ = [path for path, same, _ in results if not same]
    for path in differ:
        print("differs: " + os.path.relpath(path, tests))
    print("%d files, %d with warnings, %d differ"
          % (len(results), sum(w for _, _, w in results), len(differ)))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
