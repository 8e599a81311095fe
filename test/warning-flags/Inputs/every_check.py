"""For every check of `forksafe --list-checks`: finds a test input of its
folder (test/<check>/) on which the check reports, compiled with the plugin
and -Wforksafe-<check>, and then checks on it that
  -Wno-forksafe-<check>                  reports none of it,
  -Werror=forksafe-<check>               reports it as errors,
  -Werror -Wno-error=forksafe-<check>    reports it as warnings,
  #pragma clang diagnostic ignored ...   (a header given with -include)
                                         reports none of it,
  #pragma clang diagnostic error ...     reports it as errors,
with no "unknown warning group" from Clang for the pragmas.
   every_check.py FORKSAFE CLANG PLUGIN TESTDIR WORKDIR"""
import glob
import os
import re
import shlex
import subprocess
import sys

forksafe, clang, plugin, tests, work = sys.argv[1:6]
clang = shlex.split(clang)
os.makedirs(work, exist_ok=True)
checks = [line.split()[0] for line in subprocess.run(
    [forksafe, "--list-checks"], capture_output=True, text=True,
    check=True).stdout.splitlines()]


def compile(source, flags):
    proc = subprocess.run(
        clang + ["-std=gnu11", "-fsyntax-only", "-fplugin=" + plugin,
                 "-Wno-unknown-warning-option"] + flags + [source],
        capture_output=True, text=True)
    return proc.stderr


def count(text, check, kind):
    return len(re.findall(r": %s: .*\[forksafe-%s\]$" % (kind, re.escape(check)),
                          text, re.MULTILINE))


def header(check, action):
    path = os.path.join(work, "%s-%s.h" % (check, action))
    with open(path, "w") as out:
        out.write('#pragma clang diagnostic %s "-Wforksafe-%s"\n' % (action, check))
    return path


failures = []
for check in checks:
    found = None
    for source in sorted(glob.glob(os.path.join(tests, check, "*.c"))):
        n = count(compile(source, ["-Wforksafe-" + check]), check, "warning")
        if n:
            found = (source, n)
            break
    if not found:
        failures.append("%s: no input in %s/%s reports it" % (check, tests, check))
        continue
    source, n = found
    name = os.path.relpath(source, tests)
    cases = [
        ("-Wno-forksafe-" + check, ["-Wno-forksafe-" + check], "warning", 0),
        ("-Werror=forksafe-" + check, ["-Werror=forksafe-" + check], "error", n),
        ("-Werror -Wno-error=forksafe-" + check,
         ["-Werror", "-Wforksafe-" + check, "-Wno-error=forksafe-" + check],
         "warning", n),
        ("pragma ignored", ["-Wforksafe-" + check, "-include",
                            header(check, "ignored")], "warning", 0),
        ("pragma error", ["-include", header(check, "error")], "error", n),
    ]
    for label, flags, kind, expected in cases:
        text = compile(source, flags)
        got = count(text, check, kind)
        other = count(text, check, "error" if kind == "warning" else "warning")
        if got != expected or other or "unknown warning group" in text:
            failures.append("%s on %s with %s: %d %ss (expected %d), %d others"
                            % (check, name, label, got, kind, expected, other))
    print("%s: %s, %d findings, 5 cases" % (check, name, n))
if failures:
    sys.exit("\n".join(failures))
print("all %d checks" % len(checks))
