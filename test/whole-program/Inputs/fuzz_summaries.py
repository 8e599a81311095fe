"""Changes one byte of a summary at a time, at every position a fixed seed
picks, and runs the forksafe command on each: it may reject the summary
(exit status 2) or read a program it then checks (0 or 1), but it must
never crash.
   fuzz_summaries.py FORKSAFE SUMMARY WORKDIR COUNT"""
import os
import random
import shutil
import subprocess
import sys

forksafe, summary, work, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
data = open(summary, "rb").read()
rnd = random.Random(1)
statuses = {}
for i in range(count):
    changed = bytearray(data)
    changed[rnd.randrange(len(changed))] = rnd.randrange(256)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    open(os.path.join(work, "unit.fss"), "wb").write(bytes(changed))
    # A changed name is printed as the summary holds it: not always UTF-8.
    proc = subprocess.run([forksafe, "--summaries", work],
                          capture_output=True, text=True, errors="replace")
    if proc.returncode not in (0, 1, 2) or "Stack dump" in proc.stderr:
        sys.exit("crash on mutation %d (status %d):\n%s" % (i, proc.returncode, proc.stderr))
    statuses[proc.returncode] = statuses.get(proc.returncode, 0) + 1
print("no crash in %d changed summaries; rejected %d" % (count, statuses.get(2, 0)))
