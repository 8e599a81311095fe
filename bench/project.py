#!/usr/bin/env python3
"""What forksafe costs a whole project: every translation unit of a
compilation database compiled with `clang -fsyntax-only`, without the
plugin and with each plugin given, one unit after the other, the runs of a
unit interleaved. It prints the CPU time (user + system) of each, summed
over the units, the overhead of each plugin over plain clang, and how many
units each plugin modelled (its -ftime-trace shows "forksafe model"; a unit
that uses no function a finding can start from is triaged out), and the
overheads again over the units the last plugin modelled and over those it
did not. Every ratio printed comes from this one run; absolute times
depend on the machine and its load.

  project.py --db compile_commands.json --plugin build/lib/forksafe.so
             [--plugin OTHER.so ...] [--rounds 3] [--clang CLANG]
"""

import argparse
import json
import os
import resource
import shlex
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from llvm_tools import llvm_tool  # noqa: E402

# What a syntax-only compile must not be given: its output, and the
# options that go with it.
DROPPED_WITH_VALUE = {"-o", "-MF", "-MT", "-MQ"}
DROPPED = {"-c", "-S", "-E", "-MD", "-MMD", "-MP", "-M", "-MM"}


def syntax_only(entry, clang):
    """The entry's compile as `clang -fsyntax-only`, and where it runs."""
    args = entry.get("arguments") or shlex.split(entry["command"])
    kept = [clang]
    skip = False
    for arg in args[1:]:
        if skip:
            skip = False
            continue
        if arg in DROPPED_WITH_VALUE:
            skip = True
            continue
        if arg in DROPPED or arg.startswith("-o") and len(arg) > 2:
            continue
        kept.append(arg)
    return kept + ["-fsyntax-only"], entry["directory"]


def cpu_seconds(cmd, cwd):
    """User and system time of cmd, which may fail (the plugin's warnings
    under -Werror): the project's own flags decide."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime -
                                                 before.ru_stime)


def modelled(cmd, cwd, plugin):
    """Whether the plugin built the unit's model."""
    with tempfile.NamedTemporaryFile(suffix=".json") as trace:
        subprocess.run(cmd + ["-fplugin=" + plugin, "-Xclang",
                              "-ftime-trace=" + trace.name, "-Xclang",
                              "-ftime-trace-granularity=0"],
                       cwd=cwd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        return b'"forksafe model"' in trace.read()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True,
                        help="compile_commands.json of the project")
    parser.add_argument("--plugin", action="append", required=True,
                        help="a forksafe.so to time (repeatable)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="times each unit is compiled by each")
    parser.add_argument("--clang",
                        help="the compiler (default: the first plugin's)")
    args = parser.parse_args()
    clang = args.clang or llvm_tool(args.plugin[0], "clang")

    with open(args.db) as f:
        entries = json.load(f)
    if not entries:
        sys.exit("project.py: %s has no entries" % args.db)
    # Per unit: plain clang's seconds, then each plugin's.
    seconds = []
    modelled_by = []
    for entry in entries:
        cmd, cwd = syntax_only(entry, clang)
        times = [0.0] * (1 + len(args.plugin))
        for _ in range(args.rounds):
            times[0] += cpu_seconds(cmd, cwd)
            for i, plugin in enumerate(args.plugin):
                times[1 + i] += cpu_seconds(cmd + ["-fplugin=" + plugin], cwd)
        seconds.append(times)
        modelled_by.append([modelled(cmd, cwd, p) for p in args.plugin])

    print("%d translation units, %d rounds" % (len(entries), args.rounds))
    report("all units", args.plugin, seconds, modelled_by)
    last = [m[-1] for m in modelled_by]
    report("units the last plugin modelled", args.plugin,
           [t for t, m in zip(seconds, last) if m],
           [b for b, m in zip(modelled_by, last) if m])
    report("units the last plugin triaged out", args.plugin,
           [t for t, m in zip(seconds, last) if not m],
           [b for b, m in zip(modelled_by, last) if not m])


def report(title, plugins, seconds, modelled_by):
    """The CPU time summed over a group of units, and each plugin's
    overhead there."""
    print("%s (%d):" % (title, len(seconds)))
    if not seconds:
        return
    plain = sum(t[0] for t in seconds)
    print("  plain clang -fsyntax-only: %.2f s CPU" % plain)
    for i, plugin in enumerate(plugins):
        total = sum(t[1 + i] for t in seconds)
        count = sum(m[i] for m in modelled_by)
        print("  %s: %.2f s CPU, overhead %+.1f%%, modelled %d of %d units"
              % (plugin, total, 100 * (total / plain - 1), count,
                 len(seconds)))


if __name__ == "__main__":
    main()
