#!/usr/bin/env python3
"""Runs lit, then closes with one plain line: "N passed, N failed".

Usage: run-lit.py LIT_PY [LIT_ARGS...]. The exit status is lit's.
"""

import re
import subprocess
import sys


def main():
    lit, args = sys.argv[1], sys.argv[2:]
    proc = subprocess.Popen([sys.executable, lit] + args, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    counts = {}
    for line in proc.stdout:
        sys.stdout.write(line)
        match = re.match(r"\s*(Passed|Failed|Unresolved|Timed Out|Unsupported|"
                         r"Expectedly Failed|Unexpectedly Passed)\s*:\s*(\d+)", line)
        if match:
            counts[match.group(1)] = int(match.group(2))
    status = proc.wait()
    failed = sum(counts.get(k, 0) for k in
                 ("Failed", "Unresolved", "Timed Out", "Unexpectedly Passed"))
    passed = counts.get("Passed", 0) + counts.get("Expectedly Failed", 0)
    skipped = counts.get("Unsupported", 0)
    line = "%d passed, %d failed" % (passed, failed)
    if skipped:
        line += ", %d skipped" % skipped
    print(line)
    if passed == 0 and status == 0:
        print("no test ran", file=sys.stderr)
        return 1
    return status


if __name__ == "__main__":
    sys.exit(main())
