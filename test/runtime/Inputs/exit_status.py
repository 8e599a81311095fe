"""Runs a command and prints its exit status, "exit status: N", after its
own output; exits 0, so that lit tests can check the status itself.

Usage: exit_status.py COMMAND [ARGS...]
"""

import subprocess
import sys

status = subprocess.call(sys.argv[1:])
sys.stdout.flush()
print("exit status: %d" % status)
