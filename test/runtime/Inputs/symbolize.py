"""Symbolizes the backtraces of forksafe-rt's JSON reports.

Usage: symbolize.py LLVM_SYMBOLIZER < reports.json
Prints, per report, "check: f <- g <- ...; fork: h <- ..." with the
program's frames only (those whose module is not a shared library), and
the lines that are not reports as they are.
"""

import json
import subprocess
import sys


def functions(symbolizer, frames):
    names = []
    for frame in frames:
        module, _, offset = frame.rpartition("+")
        if not module or ".so" in module:
            continue
        out = subprocess.run([symbolizer, "--obj=" + module, offset],
                             capture_output=True, text=True).stdout
        names.append(out.splitlines()[0])
    return " <- ".join(names)


def main():
    symbolizer = sys.argv[1]
    for line in sys.stdin:
        if not line.startswith("{"):
            print(line, end="")
            continue
        report = json.loads(line)
        text = "%s: %s" % (report["check"],
                           functions(symbolizer, report["backtrace"]))
        if "fork_backtrace" in report:
            text += "; fork: " + functions(symbolizer, report["fork_backtrace"])
        print(text)


if __name__ == "__main__":
    main()
