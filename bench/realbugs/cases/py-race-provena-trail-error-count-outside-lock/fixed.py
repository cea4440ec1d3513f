import threading


class Trail:
    """Collects provenance records from many worker threads."""

    def __init__(self, max_errors=100):
        self._lock = threading.Lock()
        self._records = []
        self._error_count = 0
        self._max_errors = max_errors

    def record(self, event):
        with self._lock:
            self._records.append(event)

    def _handle_error(self, exc):
        with self._lock:
            self._error_count += 1
            if self._error_count <= self._max_errors:
                self._records.append({"error": repr(exc)})

    @property
    def error_count(self):
        with self._lock:
            return self._error_count

    def track(self, fn, *args):
        try:
            result = fn(*args)
        except Exception as exc:  # noqa: BLE001
            self._handle_error(exc)
            return None
        self.record({"fn": fn.__name__, "ok": True})
        return result


def flaky(i):
    if i % 2:
        raise ValueError(i)
    return i


def worker(trail, n):
    for i in range(n):
        trail.track(flaky, i)


if __name__ == "__main__":
    trail = Trail(max_errors=10 ** 9)
    threads = [threading.Thread(target=worker, args=(trail, 20000)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("errors:", trail.error_count, "expected:", 8 * 10000)
