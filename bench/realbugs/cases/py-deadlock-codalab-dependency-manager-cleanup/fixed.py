"""Reduction of codalab-worksheets' worker DependencyManager (codalab/codalab-worksheets#1985)."""
import logging
import threading
import time
from collections import namedtuple

logger = logging.getLogger(__name__)

DependencyKey = namedtuple("DependencyKey", "parent_uuid parent_path")


class DependencyState:
    def __init__(self, key):
        self.key = key
        self.size_bytes = 0
        self.last_used = time.time()


class DependencyManager:
    def __init__(self, max_cache_size_bytes=1 << 20):
        self._global_lock = threading.RLock()
        self._paths = {}
        self._dependency_locks = {}
        self._dependencies = {}
        self._max_cache_size_bytes = max_cache_size_bytes
        self._stop = False

    def _save_state(self):
        with self._global_lock:
            logger.debug("saving %d dependencies", len(self._dependencies))
            self._state_snapshot = dict(self._dependencies)

    def _acquire_all_locks(self):
        with self._global_lock:
            for lock in self._dependency_locks.values():
                lock.acquire()

    def _release_all_locks(self):
        with self._global_lock:
            for lock in self._dependency_locks.values():
                lock.release()

    def _acquire_if_exists(self, dependency_key):
        with self._global_lock:
            if dependency_key in self._dependencies:
                self._dependency_locks[dependency_key].acquire()
                return True
            return False

    def _cleanup(self):
        """Evict the least recently used dependencies until the cache fits."""
        while not self._stop:
            with self._global_lock:
                self._acquire_all_locks()
                total = sum(d.size_bytes for d in self._dependencies.values())
            if total > self._max_cache_size_bytes:
                victim = min(self._dependencies.values(), key=lambda d: d.last_used)
                self._dependencies.pop(victim.key, None)
            self._release_all_locks()
            self._save_state()
            time.sleep(0.01)

    def get(self, uuid, path):
        dependency_key = DependencyKey(uuid, path)
        if self._acquire_if_exists(dependency_key):
            try:
                state = self._dependencies[dependency_key]
                state.last_used = time.time()
                return state
            finally:
                self._dependency_locks[dependency_key].release()
        with self._global_lock:
            self._dependencies[dependency_key] = DependencyState(dependency_key)
            self._dependency_locks[dependency_key] = threading.RLock()
            return self._dependencies[dependency_key]


def main():
    manager = DependencyManager(max_cache_size_bytes=0)
    manager.get("0xb6d4", "")
    cleaner = threading.Thread(target=manager._cleanup, daemon=True)
    cleaner.start()
    for _ in range(200):
        manager.get("0xb6d4", "")
    manager._stop = True
    cleaner.join(timeout=1)


if __name__ == "__main__":
    main()
