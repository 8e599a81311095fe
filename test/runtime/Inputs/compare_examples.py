"""Compares what the static plugin reports on examples/ with what the
run-time library reports when the examples run.

Usage: compare_examples.py --static "CLANG -fsyntax-only -fplugin=..."
                           --clang CLANG --runtime libforksafe-rt.so
                           --examples DIR --work DIR

--static is the command that runs the plugin, split as a shell would (it
may start with env, to preload a sanitizer's runtime); --clang compiles the
examples to run.

For each example, prints one line

    NAME: static={...} runtime={...} static-only={...} runtime-only={...}

with the sets of check names, in check order. docs/runtime.md explains each
disagreement.
"""

import argparse
import json
import os
import re
import shutil
import shlex
import signal
import subprocess
import time

# The order of docs/checks (checks/Checks.def); a check not listed here
# still shows, after these.
CHECKS = ["fork-in-thread", "fork-with-threads", "child-thread-not-joined",
          "exit-in-child", "child-fallthrough", "child-escapes",
          "fork-with-unflushed-stdio", "lock-held-across-fork",
          "unsafe-call-in-child", "atfork-handler-unsafe",
          "fork-in-signal-handler", "vfork-child",
          "exec-with-inherited-signals", "cloexec-race",
          "reinit-after-fork", "prefer-posix-spawn"]

# How each example is run: lists of arguments, one run each; the union of
# what the runs report is the example's. Each run is stopped after TIMEOUT
# seconds, and every process of the example's program is killed after it.
RUNS = {
    # Forks; the child's uploader is still busy when the child _exits.
    "backup_child.c": {"runs": [[]]},
    # Its workers wait for jobs that nobody queues: it never forks, and runs
    # until stopped.
    "job_runner.c": {"runs": [[]]},
    # Daemonizes with two threads running; the daemon pauses for ever.
    "late_daemon.c": {"runs": [[]]},
    # One program that cannot be run: each child's exec fails.
    "launcher.c": {"runs": [["/nonexistent/program"]]},
    # Workers that exec a program that exists, then one that does not.
    "metrics_worker.c": {"runs": [["/bin/true"], ["/nonexistent/program"]]},
    # Spawns /bin/true both ways, from a process with a thread running.
    "safe_spawn.c": {"runs": [["/bin/true"]]},
}
TIMEOUT = 2.0
LEFTOVER_TIMEOUT = 10.0


def static_checks(command, source):
    out = subprocess.run(shlex.split(command) + ["-pthread", source],
                         capture_output=True, text=True).stderr
    return set(re.findall(r"warning: .*\[forksafe-([a-z-]+)\]", out))


def leftovers(program):
    """The processes still running the program (a daemon, a child that fell
    through), found by /proc/PID/exe."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            if os.readlink("/proc/%s/exe" % pid) == program:
                found.append(int(pid))
        except OSError:
            pass
    return found


def end_leftovers(program, log):
    """Gives the processes the program left behind time to report (up to
    LEFTOVER_TIMEOUT seconds, until the log has something), then kills
    them."""
    deadline = time.monotonic() + LEFTOVER_TIMEOUT
    while (leftovers(program) and time.monotonic() < deadline
           and not (os.path.exists(log) and os.path.getsize(log) > 0)):
        time.sleep(0.05)
    for pid in leftovers(program):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def run_once(program, args, runtime, log, cwd):
    env = dict(os.environ, LD_PRELOAD=runtime, FORKSAFE_RT_FORMAT="json",
               FORKSAFE_RT_LOG=log)
    proc = subprocess.Popen([program] + args, env=env, cwd=cwd,
                            stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        proc.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    end_leftovers(program, log)


def runtime_checks(clang, runtime, source, work):
    name = os.path.splitext(os.path.basename(source))[0]
    cwd = os.path.join(work, name)
    shutil.rmtree(cwd, ignore_errors=True)
    os.makedirs(cwd)
    program = os.path.join(cwd, name)
    subprocess.run([clang, "-std=gnu11", "-g", "-fno-omit-frame-pointer",
                    "-pthread", source, "-o", program], check=True)
    log = os.path.join(cwd, "reports.json")
    plan = RUNS[os.path.basename(source)]
    found = set()
    for args in plan["runs"]:
        if os.path.exists(log):
            os.remove(log)
        run_once(program, args, runtime, log, cwd)
        if os.path.exists(log):
            with open(log) as f:
                found |= {json.loads(line)["check"] for line in f}
    return found


def show(checks):
    ordered = [c for c in CHECKS if c in checks]
    ordered += sorted(c for c in checks if c not in CHECKS)
    return "{" + ",".join(ordered) + "}"


def main():
    parser = argparse.ArgumentParser()
    for option in ("--static", "--clang", "--runtime", "--examples", "--work"):
        parser.add_argument(option, required=True)
    opts = parser.parse_args()
    os.makedirs(opts.work, exist_ok=True)
    for example in sorted(os.listdir(opts.examples)):
        if not example.endswith(".c"):
            continue
        source = os.path.join(opts.examples, example)
        static = static_checks(opts.static, source)
        runtime = runtime_checks(opts.clang, opts.runtime, source, opts.work)
        print("%s: static=%s runtime=%s static-only=%s runtime-only=%s" % (
            example, show(static), show(runtime), show(static - runtime),
            show(runtime - static)), flush=True)


if __name__ == "__main__":
    main()
