"""nuxeo-drive: DirectEdit._stop_watchdog() stops and joins the observer thread."""
import threading
import time


class Observer(threading.Thread):
    """Stand-in for watchdog's Observer: a thread that dispatches file-system events."""

    def __init__(self):
        super().__init__(name="DirectEditObserver")
        self._stopped = threading.Event()
        self.events = []

    def schedule(self, handler, path, recursive=True):
        self.handler = handler
        self.path = path

    def run(self):
        while not self._stopped.is_set():
            time.sleep(0.01)
        time.sleep(0.05)  # flushing queued events after stop()
        self.events.append("flushed")

    def stop(self):
        self._stopped.set()


class DriveFSEventHandler:
    def __init__(self, engine):
        self.engine = engine

    def on_any_event(self, event):
        self.engine.handle_watchdog_event(event)


class DirectEdit:
    def __init__(self, folder):
        self._folder = folder
        self._observer = None
        self._event_handler = None

    def handle_watchdog_event(self, evt):
        pass

    def _setup_watchdog(self):
        self._event_handler = DriveFSEventHandler(self)
        self._observer = Observer()
        self._observer.schedule(self._event_handler, self._folder, recursive=True)
        self._observer.start()

    def _stop_watchdog(self):
        if self._observer is None:
            return
        self._observer.stop()
        self._observer.join()
        self._observer = None

    def start(self):
        self._setup_watchdog()

    def stop(self):
        self._stop_watchdog()


if __name__ == "__main__":
    before = threading.active_count()
    de = DirectEdit("/tmp/edit")
    de.start()
    de.stop()
    print("threads still alive after stop():", threading.active_count() - before)
