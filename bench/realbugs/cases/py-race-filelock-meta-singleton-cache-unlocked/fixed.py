"""Reduced from tox-dev/filelock: FileLockMeta.__call__ implements the
is_singleton=True cache with an unsynchronised get-or-create on a shared
WeakValueDictionary, so two threads can each build their own instance
for the same path."""
import os
import threading
from weakref import WeakValueDictionary


class FileLockMeta(type):
    _instances_lock = threading.Lock()

    def __call__(cls, lock_file, timeout=-1, is_singleton=False):
        if not is_singleton:
            return super().__call__(lock_file, timeout=timeout, is_singleton=is_singleton)
        with FileLockMeta._instances_lock:
            instance = cls._instances.get(str(lock_file))
            if instance is None:
                instance = super().__call__(lock_file, timeout=timeout, is_singleton=is_singleton)
                cls._instances[str(lock_file)] = instance
            return instance


class BaseFileLock(metaclass=FileLockMeta):
    _instances = WeakValueDictionary()

    def __init__(self, lock_file, timeout=-1, is_singleton=False):
        self.lock_file = os.fspath(lock_file)
        self.timeout = timeout
        self.is_singleton = is_singleton
        self._lock_counter = 0


def worker(path, out):
    out.append(BaseFileLock(path, is_singleton=True))


def main():
    out = []
    threads = [threading.Thread(target=worker, args=("/tmp/a.lock", out)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("distinct instances:", len({id(x) for x in out}))


if __name__ == "__main__":
    main()
