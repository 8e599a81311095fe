#!/usr/bin/env python3
"""What forksafe-rt costs a program that does nothing wrong: a fork+exec
loop and a malloc-heavy loop (bench/runtime/*.c), each run with and without
LD_PRELOAD of the library, interleaved, in one run; prints the medians of
wall and CPU time and their ratios, and with --callgrind the instructions
of the malloc loop counted by valgrind.

  runtime_bench.py --runtime build/lib/libforksafe-rt.so
                   [--rounds 7] [--forks 2000] [--mallocs 30000000]
                   [--callgrind] [--cc cc]

Targets (issue 7): at most 5% on fork+exec, 10% on malloc-heavy code.
"""

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def build(cc, name, out_dir):
    exe = os.path.join(out_dir, name)
    subprocess.run([cc, "-O2", os.path.join(HERE, "runtime", name + ".c"),
                    "-o", exe], check=True)
    return exe


def timed(command, env):
    """Wall time, and CPU time (user + system) of the command and all its
    children: the CPU time hardly moves with the load of the machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall, cpu


def compare(label, command, runtime, rounds):
    plain = dict(os.environ)
    plain.pop("LD_PRELOAD", None)
    preloaded = dict(plain, LD_PRELOAD=runtime)
    without, with_rt = [], []
    timed(command, plain)  # warm the caches
    for _ in range(rounds):
        without.append(timed(command, plain))
        with_rt.append(timed(command, preloaded))
    for kind, index in (("wall", 0), ("cpu", 1)):
        a = statistics.median(t[index] for t in without)
        b = statistics.median(t[index] for t in with_rt)
        print("%-14s %-4s without %8.3f s   with %8.3f s   ratio %.3f   "
              "(median of %d, interleaved)" % (label, kind, a, b, b / a,
                                               rounds))


def instructions(command, env):
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
        + command, env=env, capture_output=True, text=True, check=True).stderr
    return int(re.search(r"Collected : (\d+)", out).group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runtime", required=True)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--forks", type=int, default=2000)
    parser.add_argument("--mallocs", type=int, default=30000000)
    parser.add_argument("--callgrind", action="store_true")
    parser.add_argument("--cc", default="cc")
    opts = parser.parse_args()
    runtime = os.path.abspath(opts.runtime)
    with tempfile.TemporaryDirectory() as tmp:
        fork_exec = build(opts.cc, "fork_exec", tmp)
        malloc_heavy = build(opts.cc, "malloc_heavy", tmp)
        compare("fork+exec", [fork_exec, str(opts.forks)], runtime,
                opts.rounds)
        compare("malloc-heavy", [malloc_heavy, str(opts.mallocs)], runtime,
                opts.rounds)
        if opts.callgrind:
            command = [malloc_heavy, str(opts.mallocs // 10)]
            plain = dict(os.environ)
            plain.pop("LD_PRELOAD", None)
            a = instructions(command, plain)
            b = instructions(command, dict(plain, LD_PRELOAD=runtime))
            print("%-14s instructions without %d   with %d   ratio %.3f   "
                  "(callgrind, %d rounds)" % ("malloc-heavy", a, b, b / a,
                                              opts.mallocs // 10))


if __name__ == "__main__":
    sys.exit(main())
