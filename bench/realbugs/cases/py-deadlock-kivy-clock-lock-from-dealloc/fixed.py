"""Reduced from kivy/kivy#5605 (fixed by #5621): ClockBase processes its events
while holding a non-reentrant threading.Lock; a callback that drops the last
reference to an Fbo runs Fbo.__del__, which schedules the GL release through the
Clock and tries to take the same lock on the same thread. Fixed by not using the
Clock from __del__: the object is queued on a lock-free list drained at tick."""
import threading


class ClockBase:
    def __init__(self):
        self._lock = threading.Lock()
        self._events = []

    def schedule_once(self, callback):
        with self._lock:
            self._events.append(callback)

    def _process_events(self):
        with self._lock:
            events, self._events = self._events, []
            for callback in events:
                callback()

    def tick(self):
        self._release_pending()
        self._process_events()

    def _release_pending(self):
        while _gl_release_queue:
            _gl_release_queue.pop()()


Clock = ClockBase()
# list.append/pop are atomic; safe to use from __del__ at any point.
_gl_release_queue = []


class Fbo:
    def __init__(self, name):
        self.name = name

    def release_gl(self, *largs):
        print("released", self.name)

    def __del__(self):
        # Context.dealloc: defer the GL release without touching the Clock.
        _gl_release_queue.append(self.release_gl)


class Widget:
    def __init__(self):
        self.fbo = Fbo("canvas")

    def clear_canvas(self):
        self.fbo = None


if __name__ == "__main__":
    w = Widget()
    Clock.schedule_once(lambda *a: w.clear_canvas())
    Clock.tick()
    Clock.tick()
