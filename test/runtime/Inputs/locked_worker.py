# A Python program whose thread holds a lock when the main thread forks; the
# child then waits for that lock, which no thread of the child will release:
# python.test's input for where in Python the child was. The wait has a
# timeout, so that the test does not hang as the program would.
import os
import threading
import time

lock = threading.Lock()
held = threading.Event()


def hold():
    with lock:
        held.set()
        time.sleep(0.5)


def child_work():
    got = lock.acquire(timeout=0.05)
    os._exit(0 if got else 3)


def main():
    threading.Thread(target=hold).start()
    held.wait()
    pid = os.fork()
    if pid == 0:
        child_work()
    os.waitpid(pid, 0)


main()
