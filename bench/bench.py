#!/usr/bin/env python3
"""What forksafe costs: clang -fsyntax-only without and with the plugin, and
clang-tidy's bugprone-signal-handler (the closest existing call-graph
check), on generated translation units of growing size and on real files.

For each input it prints wall times (median of --repeat runs, the tools
interleaved), peak memory, forksafe's own time inside clang (from
-ftime-trace: building the model, then the analysis and checks) and
bugprone-signal-handler's own time (from --enable-check-profile), and the
ratios between them. Between generated sizes it prints the growth exponent
of each time: 1.0 is linear. Every ratio printed comes from this one run;
absolute times depend on the machine and its load.

  bench.py --plugin build/lib/forksafe.so [--sizes 1000,10000,100000]
           [--instructions 1000,10000] [--real 'DIR|FLAGS|FILE' ...]
           [--analyzers] [--analyzer-sizes 100]

With --analyzers it also times, once per input and for scale, the Clang
Static Analyzer (clang --analyze) and GCC's -fanalyzer (gcc -c -fanalyzer),
whole-program-path analyzers that find other bugs, on the same inputs: every
real file, and the generated units of --analyzer-sizes (they take minutes
at a few hundred functions), which are added to --sizes.

Each real file is compiled through a wrapper that includes it and registers
an empty signal handler, so that bugprone-signal-handler builds its call
graph of the whole translation unit; the three tools see the same wrapper.
"""

import argparse
import shlex
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from llvm_tools import llvm_tool  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = os.path.join(HERE, "gen_program.py")
EXAMPLES = os.path.join(os.path.dirname(HERE), "examples")

WRAPPER = """#include "%s"
#include <signal.h>
static void forksafe_bench_on_signal(int sig) { (void)sig; }
__attribute__((constructor)) static void forksafe_bench_register(void) {
  signal(SIGINT, forksafe_bench_on_signal);
}
"""


def timed(cmd, cwd=None):
    """Seconds and peak RSS (MiB) of cmd, which must succeed."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), err.decode(errors="replace")))
    return seconds, usage.ru_maxrss / 1024.0


def instructions(cmd, cwd):
    """Instructions cmd executes, counted by callgrind: the same on every
    run, whatever the machine's load."""
    proc = subprocess.run(["valgrind", "--tool=callgrind",
                           "--callgrind-out-file=/dev/null"] + cmd, cwd=cwd,
                          capture_output=True, text=True)
    for line in proc.stderr.splitlines():
        if "Collected :" in line or "refs:" in line:
            return int(line.split()[-1].replace(",", ""))
    sys.exit("callgrind failed on: " + " ".join(cmd))


TRACE_SPANS = """
import json, sys
events = json.load(open(sys.argv[1]))["traceEvents"]
print(json.dumps({e["name"]: e["dur"] / 1e6 for e in events
                  if e.get("ph") == "X" and e["name"].startswith("forksafe")}))
"""


def forksafe_seconds(args, compile_cmd, cwd):
    """forksafe's own time inside clang, model and analysis, from one run
    with -ftime-trace."""
    with tempfile.NamedTemporaryFile(suffix=".json") as trace:
        cmd = compile_cmd + ["-Xclang", "-ftime-trace=" + trace.name,
                             "-Xclang", "-ftime-trace-granularity=0"]
        subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        # Read in a process of its own: the trace of a large unit takes
        # gigabytes to parse, and the compilers started after would report
        # this process's peak as theirs (ru_maxrss is kept across exec).
        spans = json.loads(subprocess.run(
            [sys.executable, "-c", TRACE_SPANS, trace.name], check=True,
            capture_output=True, text=True).stdout)
    return spans.get("forksafe", 0.0), spans.get("forksafe model", 0.0)


def check_seconds(args, tidy_cmd, cwd):
    """bugprone-signal-handler's own time, from --enable-check-profile."""
    proc = subprocess.run(tidy_cmd[:1] + ["--enable-check-profile"] + tidy_cmd[1:],
                          cwd=cwd, capture_output=True, text=True)
    for line in proc.stderr.splitlines():
        if line.rstrip().endswith("bugprone-signal-handler"):
            # The wall time column: "<seconds> (<percent>)" before the name.
            fields = line.split()
            return float(fields[-3])
    return float("nan")


def measure(args, name, cwd, source, flags, analyzed=None, analyze=True):
    """The tools' costs on source; the analyzers (if asked, and analyze)
    run on analyzed, the file itself, where source is a wrapper (they leave
    included files alone)."""
    base = [args.clang, "-fsyntax-only"] + flags + [source]
    plugged = base[:1] + ["-fplugin=" + args.plugin] + base[1:]
    tidy = [args.tidy, "--quiet", "--checks=-*,bugprone-signal-handler",
            source, "--"] + flags
    runs = {"plain": [], "plugin": [], "tidy": []}
    for _ in range(args.repeat):
        runs["plain"].append(timed(base, cwd))
        runs["plugin"].append(timed(plugged, cwd))
        runs["tidy"].append(timed(tidy, cwd))
    row = {"name": name}
    for tool, samples in runs.items():
        row[tool] = statistics.median(s for s, _ in samples)
        row[tool + "_mb"] = max(m for _, m in samples)
    row["forksafe"], row["model"] = forksafe_seconds(args, plugged, cwd)
    row["check"] = check_seconds(args, tidy, cwd)
    if args.analyzers and analyze:
        analyzed = analyzed or source
        row["csa"], _ = timed([args.clang, "--analyze", "-o", os.devnull] +
                              flags + [analyzed], cwd)
        row["gcc"], _ = timed([args.gcc, "-c", "-o", os.devnull] + flags +
                              [analyzed], cwd)
        row["fanalyzer"], _ = timed([args.gcc, "-c", "-fanalyzer", "-o",
                                     os.devnull] + flags + [analyzed], cwd)
    return row


HEADER = ("%-20s %8s %8s %7s %8s %8s %6s %11s %8s %7s %11s %6s" % (
    "input", "plain s", "plugin s", "+%", "plain MB", "plug MB", "mem x",
    "forksafe ms", "tidy s", "+%", "sig-hdlr ms", "fs/sh"))


ANALYZER_HEADER = "%-20s %8s %8s %7s %8s %7s %8s %8s %7s" % (
    "input", "plain s", "plugin s", "+%", "csa s", "x plain", "gcc s",
    "gcc-fa s", "x gcc")


def print_analyzers(r):
    print("%-20s %8.3f %8.3f %6.1f%% %8.3f %7.1f %8.3f %8.3f %7.1f" % (
        r["name"], r["plain"], r["plugin"],
        100 * (r["plugin"] / r["plain"] - 1), r["csa"], r["csa"] / r["plain"],
        r["gcc"], r["fanalyzer"], r["fanalyzer"] / r["gcc"]), flush=True)


def print_row(r):
    print("%-20s %8.3f %8.3f %6.1f%% %8.0f %8.0f %6.2f %11.1f %8.3f %6.1f%% "
          "%11.1f %6.2f" % (
              r["name"], r["plain"], r["plugin"],
              100 * (r["plugin"] / r["plain"] - 1), r["plain_mb"],
              r["plugin_mb"], r["plugin_mb"] / r["plain_mb"],
              1000 * r["forksafe"], r["tidy"],
              100 * (r["tidy"] / r["plain"] - 1), 1000 * r["check"],
              r["forksafe"] / r["check"]), flush=True)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--plugin", required=True)
    parser.add_argument("--clang", help="default: the clang the plugin was built for")
    parser.add_argument("--tidy", help="default: the clang-tidy of that LLVM")
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="functions in each generated translation unit")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--instructions", metavar="SIZES", default="",
                        help="also count instructions with callgrind on "
                             "generated units of these sizes (slow: 1000,10000)")
    parser.add_argument("--analyzers", action="store_true",
                        help="also time clang --analyze and gcc -fanalyzer, "
                             "once per input")
    parser.add_argument("--analyzer-sizes", default="100",
                        help="the generated sizes the analyzers run on")
    parser.add_argument("--gcc", default="gcc")
    parser.add_argument("--real", action="append", default=[],
                        metavar="DIR|FLAGS|FILE",
                        help="a real source file, its directory and flags")
    args = parser.parse_args()
    args.plugin = os.path.abspath(args.plugin)
    args.clang = args.clang or llvm_tool(args.plugin, "clang")
    args.tidy = args.tidy or llvm_tool(args.plugin, "clang-tidy")

    rows = []
    analyzer_sizes = {int(n) for n in args.analyzer_sizes.split(",") if n}
    sizes = [int(n) for n in args.sizes.split(",") if n]
    if args.analyzers:
        sizes = sorted(set(sizes) | analyzer_sizes)
    print("generated translation units (bench/gen_program.py realistic N)")
    print(HEADER)
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            source = os.path.join(tmp, "realistic%d.c" % n)
            with open(source, "w") as out:
                subprocess.run([sys.executable, GENERATOR, "realistic", str(n)],
                               stdout=out, check=True)
            rows.append(measure(args, "realistic %d" % n, tmp, source,
                                ["-std=gnu11"],
                                analyze=n in analyzer_sizes))
            print_row(rows[-1])
        print("\ngrowth exponents between sizes (1.0 is linear)")
        for a, b, n1, n2 in zip(rows, rows[1:], sizes, sizes[1:]):
            grow = lambda key: math.log(b[key] / a[key]) / math.log(n2 / n1)
            print("%7d -> %-7d plain %.2f  plugin %.2f  forksafe %.2f  "
                  "forksafe model %.2f  bugprone-signal-handler %.2f" % (
                      n1, n2, grow("plain"), grow("plugin"), grow("forksafe"),
                      grow("model"), grow("check")))

        counted = [int(n) for n in args.instructions.split(",") if n]
        if counted:
            print("\ninstructions (callgrind), plain and with the plugin")
            previous = None
            for n in counted:
                source = os.path.join(tmp, "realistic%d.c" % n)
                with open(source, "w") as out:
                    subprocess.run([sys.executable, GENERATOR, "realistic",
                                    str(n)], stdout=out, check=True)
                base = [args.clang, "-fsyntax-only", "-std=gnu11", source]
                plain = instructions(base, tmp)
                plugged = instructions(
                    base[:1] + ["-fplugin=" + args.plugin] + base[1:], tmp)
                line = "realistic %-8d plain %14d  plugin %14d  +%.1f%%" % (
                    n, plain, plugged, 100.0 * (plugged / plain - 1))
                if previous:
                    pn, pdelta = previous
                    line += "  forksafe growth exponent %.2f" % (
                        math.log((plugged - plain) / pdelta) / math.log(n / pn))
                print(line, flush=True)
                previous = (n, plugged - plain)

        real = [(EXAMPLES, "-std=gnu11", os.path.join(EXAMPLES, f))
                for f in sorted(os.listdir(EXAMPLES)) if f.endswith(".c")]
        real += [tuple(spec.split("|")) for spec in args.real]
        print("\nreal files (through a wrapper that registers a signal handler)")
        print(HEADER)
        for i, (cwd, flags, path) in enumerate(real):
            wrapper = os.path.join(tmp, "wrapper%d.c" % i)
            with open(wrapper, "w") as out:
                out.write(WRAPPER % os.path.abspath(os.path.join(cwd, path)))
            rows.append(measure(args, os.path.basename(path), cwd, wrapper,
                                shlex.split(flags), path))
            print_row(rows[-1])
        if args.analyzers:
            print("\nfor scale: the Clang Static Analyzer against plain clang "
                  "-fsyntax-only, GCC's -fanalyzer against gcc -c, on the "
                  "same inputs")
            print(ANALYZER_HEADER)
            for row in rows:
                if "csa" in row:
                    print_analyzers(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
