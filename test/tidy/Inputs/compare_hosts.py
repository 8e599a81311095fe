"""Runs the compiler plugin and the clang-tidy module on the same files with
the same settings, and fails unless both report the same diagnostics: same
place, same check, same message, same notes in the same order.

usage: compare_hosts.py CLANG PLUGIN CLANG_TIDY MODULE [--plugin-arg A]...
                        [--tidy-arg A]... [--flags "COMPILE FLAGS"] FILE...
"""
import argparse
import re
import subprocess
import sys

DIAGNOSTIC = re.compile(r"^(\S+):(\d+):(\d+): (warning|error|note): (.*)$")


def diagnostics(output):
    """The forksafe warnings of the output, each with its notes."""
    found, current = [], None
    for line in output.splitlines():
        match = DIAGNOSTIC.match(line)
        if not match:
            continue
        path, row, col, kind, message = match.groups()
        entry = f"{path.split('/')[-1]}:{row}:{col}: {kind}: {message}"
        if kind != "note":
            current = None
            if kind == "warning" and "[forksafe-" in message:
                current = [entry]
                found.append(current)
        elif current is not None:
            current.append(entry)
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("clang")
    parser.add_argument("plugin")
    parser.add_argument("clang_tidy")
    parser.add_argument("module")
    parser.add_argument("--plugin-arg", action="append", default=[])
    parser.add_argument("--tidy-arg", action="append", default=[])
    parser.add_argument("--flags", default="",
                        help="compile flags for both hosts")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()

    differing, total = 0, 0
    for path in args.files:
        flags = ["-std=gnu11"] if path.endswith(".c") else ["-std=c++20"]
        flags += args.flags.split()
        compiled = subprocess.run(
            args.clang.split() + flags + ["-fsyntax-only", "-fplugin=" + args.plugin]
            + ["-fplugin-arg-forksafe-" + a for a in args.plugin_arg] + [path],
            capture_output=True, text=True)
        tidied = subprocess.run(
            args.clang_tidy.split() + ["--load=" + args.module, "--quiet"]
            + args.tidy_arg + [path, "--"] + flags,
            capture_output=True, text=True)
        by_plugin = diagnostics(compiled.stderr)
        by_tidy = diagnostics(tidied.stdout)
        total += len(by_plugin)
        if by_plugin != by_tidy:
            differing += 1
            print(f"{path}: the hosts disagree")
            print("  plugin:", *["\n    " + " | ".join(d) for d in by_plugin])
            print("  clang-tidy:", *["\n    " + " | ".join(d) for d in by_tidy])
    print(f"{len(args.files)} files, {total} warnings, {differing} files differ")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
