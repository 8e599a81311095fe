#!/usr/bin/env python3
"""Runs forksafe over large generated programs and fails if it crashes,
hangs, or needs more than --max-memory-ratio times the compiler's own peak
memory on any of them.

Each program is compiled twice with clang -fsyntax-only, without and with
the plugin, and the two runs are compared: exit status, peak resident
memory (from wait4), and wall time. --quick runs the bounded set that CI
runs; without it, the whole set, which takes several minutes.

  stress.py --plugin build/lib/forksafe.so [--clang CLANG] [--quick]
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from llvm_tools import llvm_tool  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = os.path.join(HERE, "gen_program.py")

# (name, generator arguments). Every shape the generator knows, at sizes the
# issue asks for: 100,000-deep chains and 1,000,000 call edges.
QUICK = [
    ("chain 100000", ["chain", "100000"]),
    ("cycle 20000", ["cycle", "20000"]),
    ("wide 10000x100", ["wide", "10000", "100"]),
    ("forks 5000", ["forks", "5000"]),
    ("mixed 20000", ["mixed", "20000"]),
] + [("random 2000 seed %d" % s, ["random", "2000", str(s)]) for s in range(1, 9)] + [
    ("random 20000 seed 1", ["random", "20000", "1"]),
    ("realistic 10000", ["realistic", "10000"]),
] + [
    # One function of many statements: nothing in it may grow faster than
    # its size (--max-time-ratio).
    ("gotos 12800", ["gotos", "12800"]),
    ("ternaries 4000", ["ternaries", "4000"]),
    ("switch 6400", ["switch", "6400"]),
    ("labels 6400", ["labels", "6400"]),
    ("ands 8000", ["ands", "8000"]),
    ("assigns 8000", ["assigns", "8000"]),
    ("nots 1200", ["nots", "1200"]),
    ("forksites 10000", ["forksites", "10000"]),
]
FULL = QUICK + [
    ("chain 200000", ["chain", "200000"]),
    ("wide 20000x100", ["wide", "20000", "100"]),
    ("mixed 100000", ["mixed", "100000"]),
    ("realistic 100000", ["realistic", "100000"]),
] + [("random 2000 seed %d" % s, ["random", "2000", str(s)]) for s in range(9, 65)] + [
    ("random 50000 seed %d" % s, ["random", "50000", str(s)]) for s in range(2, 5)]

CRASH_MARKS = ("PLEASE submit a bug report", "Stack dump:", "AddressSanitizer",
               "runtime error:", "LLVM ERROR")


def run(cmd, timeout):
    """Exit status, peak RSS in MiB, seconds and stderr of cmd."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                status = None
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        err.seek(0)
        text = err.read().decode(errors="replace")
    code = None if status is None else os.waitstatus_to_exitcode(status)
    return code, usage.ru_maxrss / 1024.0, seconds, text


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--plugin", required=True)
    parser.add_argument("--clang", help="default: the clang the plugin was built for")
    parser.add_argument("--quick", action="store_true",
                        help="the bounded set CI runs")
    parser.add_argument("--max-memory-ratio", type=float, default=1.5)
    parser.add_argument("--only", metavar="REGEX",
                        help="the programs whose names match")
    parser.add_argument("--max-time-ratio", type=float,
                        help="fail a program that takes longer than this many "
                             "times the plain compile")
    parser.add_argument("--timeout-ratio", type=float, default=20.0,
                        help="a hang: this many times the plain compile, "
                             "and at least a minute")
    args = parser.parse_args()
    args.clang = args.clang or llvm_tool(args.plugin, "clang")

    cases = QUICK if args.quick else FULL
    if args.only:
        cases = [c for c in cases if re.search(args.only, c[0])]
    failures = []
    print("%-22s %9s %9s %6s %9s %9s %6s %7s  %s" % (
        "program", "plain s", "plugin s", "ratio", "plain MB", "plugin MB",
        "ratio", "diags", "verdict"))
    with tempfile.TemporaryDirectory() as tmp:
        for name, gen_args in cases:
            source = os.path.join(tmp, "stress.c")
            with open(source, "w") as out:
                subprocess.run([sys.executable, GENERATOR] + gen_args,
                               stdout=out, check=True)
            # Deep ?: chains nest deeper than clang's default limit.
            base = [args.clang, "-fsyntax-only", "-std=gnu11",
                    "-fbracket-depth=100000", source]
            plain = run(base, timeout=600)
            timeout = max(60.0, args.timeout_ratio * plain[2])
            plugged = run(base[:1] + ["-fplugin=" + args.plugin] + base[1:],
                          timeout)
            code, rss, seconds, text = plugged
            diags = text.count("[forksafe-")
            verdict = []
            if code is None:
                verdict.append("hang (killed after %.0f s)" % timeout)
            elif code != plain[0]:
                verdict.append("exit status %d, plain %d" % (code, plain[0]))
            if any(mark in text for mark in CRASH_MARKS):
                verdict.append("crash report")
            memory_ratio = rss / plain[1]
            if memory_ratio > args.max_memory_ratio:
                verdict.append("memory %.2fx" % memory_ratio)
            if args.max_time_ratio and seconds > args.max_time_ratio * plain[2]:
                verdict.append("time %.2fx" % (seconds / plain[2]))
            print("%-22s %9.2f %9.2f %6.2f %9.0f %9.0f %6.2f %7d  %s" % (
                name, plain[2], seconds, seconds / plain[2], plain[1], rss,
                memory_ratio, diags, "; ".join(verdict) or "ok"), flush=True)
            if verdict:
                failures.append(name)
    if failures:
        print("FAILED: " + ", ".join(failures))
        return 1
    print("all %d programs passed" % len(cases))
    return 0


if __name__ == "__main__":
    sys.exit(main())
