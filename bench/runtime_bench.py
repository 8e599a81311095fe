#!/usr/bin/env python3
"""What forksafe-rt costs a program that does nothing wrong: a fork+exec
loop and a malloc-heavy loop (bench/runtime/*.c), each run with and without
LD_PRELOAD of the library, and with an empty library preloaded (what
preloading anything costs), interleaved, in one run; prints the medians of
wall and CPU time (user + system, the program and its children) and their
ratios, and with --callgrind the instructions of the malloc loop counted
by valgrind.

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


def build_empty_library(cc, out_dir):
    """A shared library with nothing in it: what preloading any library
    costs, the floor under the runtime's ratio."""
    source = os.path.join(out_dir, "empty.c")
    with open(source, "w") as f:
        f.write("int forksafe_bench_nothing;\n")
    library = os.path.join(out_dir, "libempty.so")
    subprocess.run([cc, "-O2", "-shared", "-fPIC", source, "-o", library],
                   check=True)
    return library


def compare(label, command, runtime, empty, rounds):
    plain = dict(os.environ)
    plain.pop("LD_PRELOAD", None)
    setups = [("without", plain), ("empty", dict(plain, LD_PRELOAD=empty)),
              ("with", dict(plain, LD_PRELOAD=runtime))]
    times = {name: [] for name, _ in setups}
    timed(command, plain)  # warm the caches
    for _ in range(rounds):
        for name, env in setups:
            times[name].append(timed(command, env))
    for kind, index in (("wall", 0), ("cpu", 1)):
        a, e, b = (statistics.median(t[index] for t in times[name])
                   for name in ("without", "empty", "with"))
        print("%-13s %-4s without %7.3f s  with %7.3f s  ratio %.3f  "
              "(an empty library: ratio %.3f; median of %d, interleaved)"
              % (label, kind, a, b, b / a, e / a, rounds))


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
        empty = build_empty_library(opts.cc, tmp)
        compare("fork+exec", [fork_exec, str(opts.forks)], runtime, empty,
                opts.rounds)
        compare("malloc-heavy", [malloc_heavy, str(opts.mallocs)], runtime,
                empty, opts.rounds)
        if opts.callgrind:
            command = [malloc_heavy, str(opts.mallocs // 10)]
            plain = dict(os.environ)
            plain.pop("LD_PRELOAD", None)
            a = instructions(command, plain)
            b = instructions(command, dict(plain, LD_PRELOAD=runtime))
            print("%-13s instructions without %d  with %d  ratio %.3f  "
                  "(callgrind, %d rounds)" % ("malloc-heavy", a, b, b / a,
                                              opts.mallocs // 10))


if __name__ == "__main__":
    sys.exit(main())
