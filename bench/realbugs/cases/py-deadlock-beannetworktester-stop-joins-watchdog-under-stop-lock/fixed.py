"""BeanNetworkTester engine: a timed network-impairment run (divert handle + capture
thread + duration watchdog) that the GUI/CLI can STOP at any moment."""
import threading
import time


class Divert:
    def __init__(self, filter_expr):
        self.filter_expr = filter_expr
        self.is_open = False

    def open(self):
        self.is_open = True

    def recv(self, timeout):
        time.sleep(timeout)
        return None

    def close(self):
        self.is_open = False


class Engine:
    def __init__(self, filter_expr="outbound and tcp"):
        self._filter = filter_expr
        self._stop_lock = threading.Lock()
        self._running = threading.Event()
        self._divert = None
        self._threads = []
        self.stop_reason = None

    def start(self, duration_s):
        with self._stop_lock:
            self._divert = Divert(self._filter)
            self._divert.open()
            self._running.set()
            self._deadline = time.monotonic() + duration_s
            self._threads = [
                threading.Thread(target=self._capture_loop, name="capture"),
                threading.Thread(target=self._watchdog, name="watchdog"),
            ]
            for t in self._threads:
                t.start()

    def _capture_loop(self):
        while self._running.is_set():
            try:
                self._divert.recv(timeout=0.05)
            except OSError:
                self._worker_stop(reason="capture-error")
                return

    def _watchdog(self):
        while self._running.is_set():
            if time.monotonic() >= self._deadline:
                self._worker_stop(reason="duration")
                return
            time.sleep(0.01)

    def stop(self, reason="user"):
        """External callers (GUI, CLI, atexit): block on the lock, then join the workers."""
        with self._stop_lock:
            threads = self._stop_locked(reason)
        for t in threads:
            t.join(timeout=2.0)

    def _worker_stop(self, reason):
        """Engine worker threads: never wait for the lock; if another stop holds it,
        that stop is already closing the divert."""
        if not self._stop_lock.acquire(blocking=False):
            return
        try:
            self._stop_locked(reason)
        finally:
            self._stop_lock.release()

    def _stop_locked(self, reason):
        if not self._running.is_set():
            return []
        self.stop_reason = reason
        self._running.clear()
        self._divert.close()
        threads = [t for t in self._threads if t is not threading.current_thread()]
        self._threads = []
        return threads


if __name__ == "__main__":
    engine = Engine()
    engine.start(duration_s=0.2)
    time.sleep(0.2)
    t0 = time.monotonic()
    engine.stop()
    print("stop took %.0f ms (reason=%s)" % ((time.monotonic() - t0) * 1000, engine.stop_reason))
