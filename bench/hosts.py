#!/usr/bin/env python3
"""What forksafe costs in each host, counted in instructions by callgrind
(the same on every run, whatever the machine's load): clang -fsyntax-only
without and with the plugin, and clang-tidy without and with the forksafe
checks (without: one check that finds nothing in C, as clang-tidy refuses
to run none). Prints, per input, the instructions and the two ratios.

  hosts.py --build build [--sizes 1000,10000] [--llvm 19]
"""

import argparse
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = os.path.join(HERE, "gen_program.py")
EXAMPLES = os.path.join(os.path.dirname(HERE), "examples")


def instructions(cmd):
    proc = subprocess.run(["valgrind", "--tool=callgrind",
                           "--callgrind-out-file=/dev/null"] + cmd,
                          capture_output=True, text=True)
    for line in proc.stderr.splitlines():
        if "Collected :" in line:
            return int(line.split()[-1])
    sys.exit("callgrind failed on: %s\n%s" % (" ".join(cmd), proc.stderr))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", default="build")
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--llvm", default="19")
    args = parser.parse_args()
    plugin = os.path.abspath(os.path.join(args.build, "lib", "forksafe.so"))
    module = os.path.abspath(os.path.join(args.build, "lib", "forksafe-tidy.so"))
    clang, tidy = "clang-" + args.llvm, "clang-tidy-" + args.llvm

    with tempfile.TemporaryDirectory() as tmp:
        inputs = []
        for n in [int(s) for s in args.sizes.split(",") if s]:
            path = os.path.join(tmp, "realistic%d.c" % n)
            with open(path, "w") as out:
                subprocess.run([sys.executable, GENERATOR, "realistic", str(n)],
                               stdout=out, check=True)
            inputs.append(("realistic %d" % n, path))
        inputs += [(f, os.path.join(EXAMPLES, f))
                   for f in sorted(os.listdir(EXAMPLES)) if f.endswith(".c")]

        print("%-20s %14s %14s %7s %14s %14s %7s" % (
            "input", "clang", "+plugin", "ratio", "clang-tidy", "+forksafe-*",
            "ratio"))
        for name, path in inputs:
            compile_cmd = [clang, "-fsyntax-only", "-std=gnu11", path]
            plain = instructions(compile_cmd)
            plugged = instructions(compile_cmd[:1] + ["-fplugin=" + plugin]
                                   + compile_cmd[1:])
            tidy_cmd = [tidy, "--quiet", path, "--", "-std=gnu11"]
            baseline = instructions(
                tidy_cmd[:2] + ["--checks=-*,misc-unused-alias-decls"]
                + tidy_cmd[2:])
            checked = instructions(
                tidy_cmd[:2] + ["--load=" + module, "--checks=-*,forksafe-*"]
                + tidy_cmd[2:])
            print("%-20s %14d %14d %7.3f %14d %14d %7.3f" % (
                name, plain, plugged, plugged / plain, baseline, checked,
                checked / baseline), flush=True)


if __name__ == "__main__":
    main()
