"""Measures what a large baseline costs the forksafe command in memory: the
results of a real log copied until it is SIZE_MB megabytes, each with a
fingerprint of its own, then the command's peak resident memory with and
without it. Prints the growth as a multiple of the file's size.
   baseline_memory.py FORKSAFE BUILD_DIR SARIF SIZE_MB WORKDIR"""
import json
import os
import subprocess
import sys

forksafe, build, sarif, size_mb, work = sys.argv[1:6]
log = json.load(open(sarif))
results = log["runs"][0]["results"]
copies = []
written = 0
while written < int(size_mb) * 1000000:
    for result in results:
        copy = json.loads(json.dumps(result))
        copy["partialFingerprints"]["forksafe/v1"] = "%016X" % len(copies)
        copies.append(copy)
        written += len(json.dumps(copy))
log["runs"][0]["results"] = copies
big = os.path.join(work, "big.sarif")
with open(big, "w") as out:
    json.dump(log, out, indent=2)


def peak_mb(extra):
    proc = subprocess.Popen([forksafe, "-p", build, "-q"] + extra,
                            stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit("forksafe failed: %d" % os.waitstatus_to_exitcode(status))
    return usage.ru_maxrss / 1024.0


file_mb = os.path.getsize(big) / 1e6
growth = peak_mb(["--baseline", big]) - peak_mb([])
print("baseline of %d results, %.1f MB" % (len(copies), file_mb))
print("memory growth: %.2f times its size" % (max(growth, 0.0) / file_mb))
