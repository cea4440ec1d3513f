"""vdsm: reduction of the panic test helper (tests/common/panic_helper.py
with lib/vdsm/common/panic.py and concurrent.thread()).

panic() logs the error and kills the whole process group with SIGKILL; the
test runs the helper as a child process and expects it to die with -9.
"""
import logging
import os
import signal
import sys
import threading
import time

log = logging.getLogger("panic")


def thread(func, args=(), name=None, daemon=True):
    """Like vdsm.common.concurrent.thread(): a daemon thread that logs."""
    def run():
        log.debug("START thread %s", name)
        try:
            return func(*args)
        finally:
            log.debug("FINISH thread %s", name)
    return threading.Thread(target=run, name=name, daemon=daemon)


def panic(msg):
    try:
        log.error("Panic: %s", msg, exc_info=True)
    finally:
        os.killpg(0, signal.SIGKILL)
        sys.exit(-3)


def delayed_panic(delay):
    time.sleep(delay)
    panic("panic test")


def main():
    logging.basicConfig(level=logging.DEBUG)
    # put ourselves in a new process group, so we don't kill the test runner
    os.setpgid(0, 0)
    t = thread(delayed_panic, args=(0.5,), name="panic")
    t.start()
    log.info("waiting for panic")
    t.join()


if __name__ == "__main__":
    main()
