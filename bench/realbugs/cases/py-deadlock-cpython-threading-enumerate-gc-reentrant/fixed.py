"""Reduced from CPython Lib/threading.py (3.9): active-thread bookkeeping."""
import gc
import _thread

_start_new_thread = _thread.start_new_thread
_allocate_lock = _thread.allocate_lock
get_ident = _thread.get_ident
RLock = _thread.RLock

# Active thread administration
_active_limbo_lock = RLock()
_active = {}    # maps thread id to Thread object
_limbo = {}


class Thread:
    def __init__(self, target=None, name=None):
        self._target = target
        self._name = name or "Thread-%d" % id(self)
        self._ident = None
        self._started = _allocate_lock()
        self._started.acquire()

    def start(self):
        with _active_limbo_lock:
            _limbo[self] = self
        _start_new_thread(self._bootstrap, ())
        with self._started:
            pass

    def _bootstrap(self):
        self._ident = get_ident()
        with _active_limbo_lock:
            _active[self._ident] = self
            del _limbo[self]
        self._started.release()
        try:
            if self._target:
                self._target()
        finally:
            with _active_limbo_lock:
                del _active[get_ident()]


def enumerate():
    """Return a list of all Thread objects currently alive."""
    with _active_limbo_lock:
        return list(_active.values()) + list(_limbo.values())


def active_count():
    with _active_limbo_lock:
        return len(_active) + len(_limbo)


# --- user code (rec_threading.py from the report) --------------------------

class MyObject:
    def __init__(self):
        self.cycle = self  # reference cycle: only freed by the cyclic GC

    def __del__(self):
        # a finalizer that inspects running threads, e.g. a connection pool
        # logging which worker threads still hold it
        enumerate()


def main():
    gc.set_threshold(5)
    workers = [Thread(target=lambda: None) for _ in range(4)]
    for t in workers:
        t.start()
    for _ in range(1000):
        MyObject()
        # the list() allocations inside enumerate() can trigger a GC collection,
        # which runs MyObject.__del__ -> enumerate() -> _active_limbo_lock again
        enumerate()


if __name__ == "__main__":
    main()
