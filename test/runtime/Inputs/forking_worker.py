# A Python program that forks while a thread runs, from a function two
# calls deep, and logs in the child: python.test's input.
import logging
import os
import threading
import time

logging.basicConfig(level=logging.INFO, format="%(message)s")


def spin():
    while True:
        time.sleep(0.01)


def start_worker():
    pid = os.fork()
    if pid == 0:
        logging.info("worker starting")
        os._exit(0)
    return pid


def main():
    threading.Thread(target=spin, daemon=True).start()
    os.waitpid(start_worker(), 0)


main()
