"""Waits (up to 10 s) for a file that a detached process creates when done.

Usage: wait_for.py PATH. Exits 1 if the file never appears.
"""

import os
import sys
import time

deadline = time.monotonic() + 10
while not os.path.exists(sys.argv[1]):
    if time.monotonic() > deadline:
        sys.exit("%s never appeared" % sys.argv[1])
    time.sleep(0.01)
