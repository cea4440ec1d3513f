"""rich: Live.stop() joins the auto-refresh thread while holding the lock that thread takes."""
import sys
import time
from threading import Event, RLock, Thread


class _RefreshThread(Thread):
    """A thread that calls refresh() at regular intervals."""

    def __init__(self, live, refresh_per_second):
        self.live = live
        self.refresh_per_second = refresh_per_second
        self.done = Event()
        super().__init__(daemon=True)

    def stop(self):
        self.done.set()

    def run(self):
        while not self.done.wait(1 / self.refresh_per_second):
            with self.live._lock:
                self.live.refresh()


class Live:
    def __init__(self, renderable="", auto_refresh=True, refresh_per_second=20):
        self._renderable = renderable
        self._lock = RLock()
        self.auto_refresh = auto_refresh
        self.refresh_per_second = refresh_per_second
        self._started = False
        self._refresh_thread = None

    def start(self):
        with self._lock:
            if self._started:
                return
            self._started = True
            if self.auto_refresh:
                self._refresh_thread = _RefreshThread(self, self.refresh_per_second)
                self._refresh_thread.start()

    def stop(self):
        with self._lock:
            if not self._started:
                return
            self._started = False
            refresh_thread = self._refresh_thread
            self._refresh_thread = None
            if self.auto_refresh and refresh_thread is not None:
                refresh_thread.stop()
        if refresh_thread is not None:
            refresh_thread.join()
        with self._lock:
            self.refresh()

    def update(self, renderable):
        with self._lock:
            self._renderable = renderable

    def refresh(self):
        with self._lock:
            time.sleep(0.002)  # render to the console
            sys.stdout.write("\r%s" % self._renderable)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()


if __name__ == "__main__":
    import faulthandler

    faulthandler.dump_traceback_later(5, exit=True)
    for n in range(200):
        with Live("frame %d" % n, refresh_per_second=1000) as live:
            time.sleep(0.003)
            live.update("frame %d done" % n)
    print("\nstopped cleanly")
