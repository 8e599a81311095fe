#!/usr/bin/env python3
"""Feeds forksafe damaged input and fails if any of it crashes or hangs a
host: each input is a seed changed in one to three places (a byte changed,
a character that means something in the format put in, a range cut out,
repeated or blown up, the end cut off), with a fixed random seed, so a run
is repeatable.

  fuzz.py summaries FORKSAFE SEED.fss COUNT
      forksafe --summaries on one changed summary
  fuzz.py database FORKSAFE BUILD_DIR COUNT
      forksafe -p on a changed copy of BUILD_DIR/compile_commands.json
  fuzz.py baseline FORKSAFE BUILD_DIR SEED.sarif COUNT
      forksafe -p BUILD_DIR --baseline on a changed SARIF log
  fuzz.py config CLANG PLUGIN SOURCE.c COUNT
      the plugin, with config= naming a changed .forksafe.yaml (the seed
      sets every setting there is); CLANG is split as a shell would
      ("env LD_PRELOAD=... clang")

Options: --seed N (default 1); --keep DIR to keep the inputs that failed.
Prints the exit statuses seen; exits 1 on the first crash or hang, with the
input's path when kept.
"""

import argparse
import os
import random
import shlex
import shutil
import subprocess
import sys
import tempfile

CRASH_MARKS = ("PLEASE submit a bug report", "Stack dump:", "LLVM ERROR",
               "AddressSanitizer", "runtime error:")

# Characters that mean something to each format's reader.
SPECIAL = {
    "json": b'{}[],:"\\ \n-0123456789.eE+tfnu',
    "yaml": b":-,#'\"|>[]{}&*!%@?\n \t\\",
    "binary": bytes([0, 0x7f, 0x80, 0xff, 0x01, 0x3f]),
}

# Every setting of a .forksafe.yaml, as the README lists them, in each form
# the reader takes (flow and block lists, flow and block maps, quotes).
CONFIG_SEED = b"""Checks: '-*,exit-in-child,unsafe-call-in-child'
Profile: glibc
Threads: auto
Unknown: unsafe
WarningsAsErrors: false
ThreadStartWrappers:
  - {Name: spawn_worker, Routine: 1}
  - Name: spawn_joinable
    Routine: 2
    Handle: 1
ThreadSources: [metrics_init]
ForkWrappers: [safe_fork]
SignalSafe: [log_raw, "write_all"]
Unsafe:
  - my_lock
ChildEnds: [die_in_child]
ChildEntries:
  - bgworker_main
  - {Name: plugin_child_init, Multithreaded: true}
Reinit:
  - Type: 'struct my_loop *'
    Reinit: my_loop_after_fork
    Uses: [my_loop_run, 'my_loop_poll*']
    Create: [my_loop_new]
"""


def mutate(data, rnd, alphabet):
    out = bytearray(data)
    for _ in range(rnd.randint(1, 3)):
        if not out:
            out.extend(rnd.choice(alphabet).to_bytes(1, "little"))
            continue
        at = rnd.randrange(len(out))
        span = rnd.randint(1, 64)
        how = rnd.randrange(7)
        if how == 0:
            out[at] = rnd.randrange(256)
        elif how == 1:
            out[at] = rnd.choice(alphabet)
        elif how == 2:
            out.insert(at, rnd.choice(alphabet))
        elif how == 3:
            del out[at:at + span]
        elif how == 4:
            out[at:at] = out[at:at + span] * rnd.randint(2, 50)
        elif how == 5:
            out[at:at] = bytes([rnd.choice(alphabet)]) * rnd.randint(100, 20000)
        else:
            del out[at:]
    return bytes(out)


def run(cmd, timeout):
    """The exit status (None for a hang) and stderr of cmd."""
    try:
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, ""
    return proc.returncode, proc.stderr.decode(errors="replace")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("target", choices=["summaries", "database", "baseline",
                                           "config"])
    parser.add_argument("args", nargs="+")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", metavar="DIR")
    parser.add_argument("--timeout", type=float, default=60.0)
    opts = parser.parse_args()
    *inputs, count = opts.args
    count = int(count)
    rnd = random.Random(opts.seed)
    work = tempfile.mkdtemp(prefix="forksafe-fuzz-")
    try:
        return fuzz(opts, inputs, count, rnd, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def fuzz(opts, inputs, count, rnd, work):
    if opts.target == "summaries":
        forksafe, seed_path = inputs
        seed, alphabet = open(seed_path, "rb").read(), SPECIAL["binary"]
        where = os.path.join(work, "summaries")
        target = os.path.join(where, "unit.fss")
        command = [forksafe, "--summaries", where]
        allowed = {0, 1, 2}
    elif opts.target == "database":
        forksafe, build = inputs
        shutil.copytree(build, os.path.join(work, "build"))
        target = os.path.join(work, "build", "compile_commands.json")
        seed, alphabet = open(target, "rb").read(), SPECIAL["json"]
        command = [forksafe, "-p", os.path.join(work, "build"), "-q"]
        allowed = {0, 1, 2, 4, 5}
    elif opts.target == "baseline":
        forksafe, build, seed_path = inputs
        seed, alphabet = open(seed_path, "rb").read(), SPECIAL["json"]
        target = os.path.join(work, "baseline.sarif")
        command = [forksafe, "-p", build, "-q", "--baseline", target]
        allowed = {0, 1, 2}
    else:
        clang, plugin, source = inputs
        seed, alphabet = CONFIG_SEED, SPECIAL["yaml"]
        target = os.path.join(work, "forksafe.yaml")
        command = shlex.split(clang) + ["-fsyntax-only", "-fplugin=" + plugin,
                   "-fplugin-arg-forksafe-config=" + target, source]
        allowed = {0, 1}

    statuses = {}
    for i in range(count):
        changed = mutate(seed, rnd, alphabet)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as out:
            out.write(changed)
        status, err = run(command, opts.timeout)
        crashed = any(mark in err for mark in CRASH_MARKS)
        if status is None or status not in allowed or crashed:
            what = "hang" if status is None else "exit status %d" % status
            kept = ""
            if opts.keep:
                os.makedirs(opts.keep, exist_ok=True)
                kept = os.path.join(opts.keep, "%s-%d" % (opts.target, i))
                shutil.copy(target, kept)
                kept = " (input kept as %s)" % kept
            print("FAILED on input %d: %s%s\n%s" % (i, what, kept, err[-3000:]))
            return 1
        statuses[status] = statuses.get(status, 0) + 1
    print("%s: %d changed inputs, no crash, no hang; exit statuses %s" % (
        opts.target, count,
        ", ".join("%d: %d" % kv for kv in sorted(statuses.items()))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
