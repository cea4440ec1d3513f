import threading
from contextlib import contextmanager


class _ReadWriteLock:
    """Writer-preferring reader/writer lock used by the memory graph."""

    def __init__(self):
        self._cond = threading.Condition(threading.Lock())
        self._readers = 0
        self._writer = None

    @contextmanager
    def read(self):
        with self._cond:
            reentrant = self._writer == threading.get_ident()
            if not reentrant:
                while self._writer is not None:
                    self._cond.wait()
                self._readers += 1
        if reentrant:
            # writer asking for read: allowed
            yield
            return
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    def __enter__(self):
        with self._cond:
            while self._writer is not None or self._readers > 0:
                self._cond.wait()
            self._writer = threading.get_ident()
        return self

    def __exit__(self, *exc):
        with self._cond:
            self._writer = None
            self._cond.notify_all()
        return False


class MemoryGraph:
    def __init__(self):
        self._lock = _ReadWriteLock()
        self._nodes = {}

    def get_node(self, node_id):
        with self._lock.read():
            return self._nodes.get(node_id)

    def touch_node(self, node_id, label):
        with self._lock.read():
            node = self._nodes.get(node_id)
            if node is None:
                with self._lock:
                    self._nodes[node_id] = {"label": label, "hits": 1}
            else:
                node["hits"] += 1


def workload(graph):
    graph.touch_node("n1", "first")
    print(graph.get_node("n1"))


if __name__ == "__main__":
    g = MemoryGraph()
    t = threading.Thread(target=workload, args=(g,), daemon=True)
    t.start()
    t.join(0.5)
    print("hung" if t.is_alive() else "ok")
