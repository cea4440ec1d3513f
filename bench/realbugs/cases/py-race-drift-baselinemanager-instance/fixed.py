"""Reduced from drift (src/drift/incremental.py): BaselineManager.instance()
is a lazily created singleton used by the MCP server's nudge handlers, which
run concurrently in a thread pool."""
import threading
from concurrent.futures import ThreadPoolExecutor


class BaselineManager:
    """Keeps the per-repository baseline findings used by nudge requests."""

    _instance = None
    _instance_lock = threading.Lock()

    def __init__(self):
        self._baselines = {}
        self._nudge_keys = set()
        self._lock = threading.Lock()

    @classmethod
    def instance(cls):
        if cls._instance is None:
            with cls._instance_lock:
                if cls._instance is None:
                    cls._instance = cls()
        return cls._instance

    def store(self, key, findings):
        with self._lock:
            self._baselines[key] = findings
            self._nudge_keys.add(key)

    def get(self, key):
        with self._lock:
            return self._baselines.get(key)


def handle_nudge(request_id):
    manager = BaselineManager.instance()
    key = "repo-%d" % (request_id % 3)
    manager.store(key, [request_id])
    return id(manager)


def main():
    with ThreadPoolExecutor(max_workers=8) as pool:
        seen = list(pool.map(handle_nudge, range(64)))
    print("BaselineManager instances seen:", len(set(seen)))
    print("baselines kept:", BaselineManager.instance()._baselines)


if __name__ == "__main__":
    main()
