"""Runs a command and fails unless it exits with the given status:
   expect_status.py STATUS -- COMMAND ARGS..."""
import subprocess
import sys

status = int(sys.argv[1])
assert sys.argv[2] == "--"
code = subprocess.run(sys.argv[3:]).returncode
if code != status:
    sys.exit("expected exit status %d, got %d: %s" % (status, code, " ".join(sys.argv[3:])))
