"""sentry_sdk.monitor: Monitor._thread_lock is inherited locked by a child forked mid-_ensure_running."""
import os
import threading
import time
from threading import Lock, Thread

MAX_DOWNSAMPLE_FACTOR = 10


class HttpTransport:
    def is_healthy(self):
        return True


class Monitor(object):
    """Performs health checks in a separate thread once every interval seconds."""

    name = "sentry.monitor"

    def __init__(self, transport, interval=10):
        self.transport = transport
        self.interval = interval

        self._healthy = True
        self._downsample_factor = 0

        self._thread = None
        self._thread_lock = Lock()
        self._thread_for_pid = None
        self._running = True

    def _ensure_running(self):
        if self._thread_for_pid == os.getpid() and self._thread is not None:
            return None

        with self._thread_lock:
            if self._thread_for_pid == os.getpid() and self._thread is not None:
                return None

            def _thread():
                while self._running:
                    time.sleep(self.interval)
                    if self._running:
                        self.run()

            thread = Thread(name=self.name, target=_thread)
            thread.daemon = True
            thread.start()
            self._thread = thread
            self._thread_for_pid = os.getpid()

        return None

    def run(self):
        self._healthy = self.transport.is_healthy()
        if self._healthy:
            self._downsample_factor = 0
        elif self._downsample_factor < MAX_DOWNSAMPLE_FACTOR:
            self._downsample_factor += 1

    def is_healthy(self):
        self._ensure_running()
        return self._healthy

    @property
    def downsample_factor(self):
        self._ensure_running()
        return self._downsample_factor

    def kill(self):
        self._running = False


monitor = Monitor(HttpTransport(), interval=0.05)


def capture_event(event):
    # Client._should_sample_error() consults the monitor on every event.
    return monitor.downsample_factor == 0 and event


def master_event_loop(stop):
    # another thread of the celery master keeps reporting to sentry
    while not stop.is_set():
        capture_event({"message": "worker lost"})


def spawn_replacement_worker():
    # billiard's pool supervisor replacing a dead prefork worker
    pid = os.fork()
    if pid == 0:
        capture_event({"message": "task started"})
        os._exit(0)
    return pid


def main():
    stop = threading.Event()
    reporter = threading.Thread(target=master_event_loop, args=(stop,))
    reporter.start()
    pid = spawn_replacement_worker()
    deadline = time.time() + 3
    while time.time() < deadline:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            print("worker finished")
            break
        time.sleep(0.05)
    else:
        print("worker hung on Monitor._thread_lock")
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    stop.set()
    reporter.join()


if __name__ == "__main__":
    main()
