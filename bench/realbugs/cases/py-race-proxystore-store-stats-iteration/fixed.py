"""Reduction of proxystore.store.base.Store.stats (proxystore/proxystore#206)."""
from __future__ import annotations

import copy
import functools
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any, NamedTuple

_default_pool = ThreadPoolExecutor()


class Event(NamedTuple):
    function: str
    key: str


class TimeStats:
    def __init__(self):
        self.calls = 0
        self.avg_time_ms = 0.0

    def add_time(self, time_ms):
        self.avg_time_ms = (self.avg_time_ms * self.calls + time_ms) / (self.calls + 1)
        self.calls += 1


class FunctionEventStats(dict):
    """Maps Event(function, key) -> TimeStats; filled in by wrapped methods."""

    def __missing__(self, event):
        stats = self[event] = TimeStats()
        return stats

    def wrap(self, function, *, key_is_result=False):
        @functools.wraps(function)
        def _wrapper(*args, **kwargs):
            start = time.perf_counter_ns()
            result = function(*args, **kwargs)
            key = result if key_is_result else args[0]
            self[Event(function.__name__, key)].add_time((time.perf_counter_ns() - start) / 1e6)
            return result
        return _wrapper


class LocalStore:
    def __init__(self, name: str, *, stats: bool = False) -> None:
        self.name = name
        self._data: dict[str, Any] = {}
        self._stats: FunctionEventStats | None = None
        if stats:
            self._stats = FunctionEventStats()
            for attr, key_is_result in (("get", False), ("set", True)):
                setattr(self, attr, self._stats.wrap(getattr(self, attr), key_is_result=key_is_result))

    def get(self, key: str, default: Any = None) -> Any:
        return self._data.get(key, default)

    def set(self, obj: Any, *, key: str | None = None) -> str:
        key = key or str(uuid.uuid4())
        self._data[key] = obj
        return key

    def stats(self, key: str) -> dict[str, TimeStats]:
        if self._stats is None:
            raise ValueError("stats=False")
        stats = {}
        for event in list(self._stats.keys()):
            if event.key == key:
                stats[event.function] = copy.copy(self._stats[event])
        return stats


def store_proxy_stats(store, key, results):
    """Colmena-style monitor thread: reports stats while workers keep using the store."""
    for _ in range(200):
        results.append(store.stats(key))


def main():
    store = LocalStore("local", stats=True)
    key = store.set("payload")
    results = []
    monitor = _default_pool.submit(store_proxy_stats, store, key, results)
    workers = [_default_pool.submit(store.set, i) for i in range(2000)]
    for f in workers:
        f.result()
    monitor.result()  # RuntimeError: dictionary changed size during iteration


if __name__ == "__main__":
    main()
