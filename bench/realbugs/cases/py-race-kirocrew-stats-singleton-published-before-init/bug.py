"""Process-wide request/agent counters (kiro_crew/stats.py)."""
from __future__ import annotations

import threading
from collections import Counter


class Stats:
    _instance: Stats | None = None
    _lock = threading.Lock()

    def __new__(cls) -> Stats:
        if cls._instance is None:  # lock-free fast path
            with cls._lock:
                if cls._instance is None:
                    cls._instance = super().__new__(cls)
                    cls._instance._init_counters()
        return cls._instance

    def _init_counters(self) -> None:
        self._mu = threading.Lock()
        self._c: Counter[str] = Counter()

    def inc(self, key: str, n: int = 1) -> None:
        with self._mu:
            self._c[key] += n

    def snapshot(self) -> dict[str, int]:
        with self._mu:
            return dict(self._c)


def stats() -> Stats:
    return Stats()


def handle_task(task_id: int, errors: list) -> None:
    try:
        stats().inc("tasks_started")
    except AttributeError as exc:  # '_mu' not set yet on the half-built singleton
        errors.append((task_id, exc))


if __name__ == "__main__":
    errors: list = []
    workers = [threading.Thread(target=handle_task, args=(i, errors)) for i in range(16)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    print("tasks that saw a half-initialised Stats:", len(errors))
