#!/usr/bin/env python3
"""What forksafe-rt costs a program that does nothing wrong: a fork+exec
loop and a malloc-heavy loop (bench/runtime/*.c), each run with and without
LD_PRELOAD of the library, and with an empty library preloaded (what
preloading anything costs), interleaved, in one run; prints the medians of
wall and CPU time (user + system, the program and its children) and their
ratios, also with FORKSAFE_RT_FOLLOW_EXEC=0 (the programs it execs run
without the library); with --callgrind, the instructions of both loops
counted by valgrind (for fork+exec, those of every process: the loop and
each program it execs).

  runtime_bench.py --runtime build/lib/libforksafe-rt.so
                   [--rounds 7] [--forks 2000] [--mallocs 30000000]
                   [--callgrind] [--cc cc]

Targets (issues 7 and 14): at most 5% on fork+exec, in CPU time too, and
10% on malloc-heavy code.
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
              ("with", dict(plain, LD_PRELOAD=runtime)),
              ("alone", dict(plain, LD_PRELOAD=runtime,
                             FORKSAFE_RT_FOLLOW_EXEC="0"))]
    times = {name: [] for name, _ in setups}
    timed(command, plain)  # warm the caches
    for _ in range(rounds):
        for name, env in setups:
            times[name].append(timed(command, env))
    for kind, index in (("wall", 0), ("cpu", 1)):
        a, e, b, n = (statistics.median(t[index] for t in times[name])
                      for name in ("without", "empty", "with", "alone"))
        print("%-13s %-4s without %7.3f s  with %7.3f s  ratio %.3f  "
              "(an empty library: ratio %.3f; FORKSAFE_RT_FOLLOW_EXEC=0: "
              "ratio %.3f; median of %d, interleaved)"
              % (label, kind, a, b, b / a, e / a, n / a, rounds), flush=True)


def instructions(command, settings):
    """The user-space instructions of the command, and of every process it
    starts (the kernel's work of fork and exec is not counted): the first
    process's, and the others' sum. The settings reach the program through
    env(1), which valgrind runs first, so that the library is not loaded
    into valgrind's shell script."""
    plain = dict(os.environ)
    plain.pop("LD_PRELOAD", None)
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--trace-children=yes",
         "--callgrind-out-file=/dev/null", "env"]
        + ["%s=%s" % setting for setting in settings] + command,
        env=plain, capture_output=True, text=True, check=True).stderr
    counts = [(int(pid), int(n)) for pid, n in
              re.findall(r"==(\d+)== Collected : (\d+)", out)]
    first = int(re.search(r"==(\d+)== Command:", out).group(1))
    return (sum(n for pid, n in counts if pid == first),
            sum(n for pid, n in counts if pid != first))


def compare_instructions(label, command, runtime, empty):
    """FORKSAFE_RT_FOLLOW_EXEC=0 cannot be counted as such: valgrind starts
    each program a traced process execs through its own dynamically linked
    launcher, which the setting takes the library out of. Its count is the
    program's with the library, plus what the programs it starts count
    without it."""
    a, a_children = instructions(command, [])
    e, e_children = instructions(command, [("LD_PRELOAD", empty)])
    b, b_children = instructions(command, [("LD_PRELOAD", runtime)])
    without, empty_total, with_total = (a + a_children, e + e_children,
                                        b + b_children)
    alone = b + a_children
    print("%-13s instructions without %d  with %d  ratio %.3f  "
          "(an empty library: ratio %.3f; FORKSAFE_RT_FOLLOW_EXEC=0: %d, "
          "ratio %.3f; callgrind, %s)"
          % (label, without, with_total, with_total / without,
             empty_total / without, alone, alone / without,
             " ".join(command[1:])), flush=True)


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
            # Fewer rounds: valgrind starts anew in each exec'd program.
            compare_instructions("fork+exec",
                                 [fork_exec, str(max(1, opts.forks // 20))],
                                 runtime, empty)
            compare_instructions("malloc-heavy",
                                 [malloc_heavy, str(opts.mallocs // 10)],
                                 runtime, empty)


if __name__ == "__main__":
    sys.exit(main())
