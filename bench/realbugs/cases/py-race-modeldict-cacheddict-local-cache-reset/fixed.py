"""Reduction of django-modeldict's modeldict/base.py CachedDict as used by gargoyle's SwitchManager, fixed."""
import threading
import time

NoValue = object()


class FakeCache(object):
    def __init__(self):
        self._data = {"switch:a": 1, "switch:b": 2}

    def get(self, key, default=None):
        return dict(self._data)


class CachedDict(object):
    def __init__(self, cache=None, timeout=0.0):
        self._local_cache = None
        self._local_last_updated = None
        self.cache = cache or FakeCache()
        self.timeout = timeout
        self.cache_key = "modeldict"

    def __getitem__(self, key):
        local_cache = self._populate()
        try:
            return local_cache[key]
        except KeyError:
            value = self.get_default(key)
            if value is NoValue:
                raise
            return value

    def get_default(self, key):
        return NoValue

    def local_cache_is_invalid(self):
        if self._local_last_updated is None:
            return True
        return time.time() - self._local_last_updated > self.timeout

    def get_cache_data(self):
        return self.cache.get(self.cache_key)

    def _populate(self, reset=False):
        # Never publish None: build the new cache in a local and swap it in with a
        # single assignment, and hand the caller the dict it should read from.
        local_cache = self._local_cache
        if reset or local_cache is None or self.local_cache_is_invalid():
            local_cache = self.get_cache_data()
            self._local_cache = local_cache
            self._local_last_updated = time.time()
        return local_cache


class SwitchManager(CachedDict):
    def is_active(self, key):
        return bool(self[key])


def worker(manager, n):
    for _ in range(n):
        manager.is_active("switch:a")


if __name__ == "__main__":
    manager = SwitchManager()
    threads = [threading.Thread(target=worker, args=(manager, 20000)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
