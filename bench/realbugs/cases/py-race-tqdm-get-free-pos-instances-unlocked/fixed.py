"""Reduced from tqdm/tqdm tqdm/_tqdm.py (4.19.x): bar positions from the shared _instances WeakSet."""
import sys
from concurrent.futures import ThreadPoolExecutor
from threading import RLock
from weakref import WeakSet


class TqdmDefaultWriteLock(object):
    """Provide a default write lock for thread and multiprocessing safety."""

    def __init__(self):
        self.locks = [RLock()]

    def acquire(self):
        for lock in self.locks:
            lock.acquire()

    def release(self):
        for lock in self.locks[::-1]:
            lock.release()

    def __enter__(self):
        self.acquire()

    def __exit__(self, *exc):
        self.release()


class tqdm(object):
    def __new__(cls, *args, **kwargs):
        # Create a new instance
        instance = object.__new__(cls)
        # Add to the list of instances
        if "_instances" not in cls.__dict__:
            cls._instances = WeakSet()
        if "_lock" not in cls.__dict__:
            cls._lock = TqdmDefaultWriteLock()
        with cls._lock:
            cls._instances.add(instance)
        return instance

    @classmethod
    def _get_free_pos(cls, instance=None):
        """Skips specified instance"""
        try:
            return max(inst.pos for inst in cls._instances
                       if inst is not instance) + 1
        except ValueError as e:
            if "arg is an empty sequence" in str(e):
                # No instance
                return 0
            raise  # pragma: no cover

    @classmethod
    def _decr_instances(cls, instance):
        with cls._lock:
            try:
                cls._instances.remove(instance)
            except KeyError:
                pass

    def __init__(self, iterable=None, desc=None, total=None, file=None, position=None):
        self.iterable = iterable
        self.desc = desc or ""
        self.total = total
        self.fp = file or sys.stderr
        self.n = 0
        # if nested, at initial sp() call we replace '\r' by '\n' to
        # not overwrite the outer progress bar
        with self._lock:
            if position is None:
                self.pos = self._get_free_pos(self)
            else:  # mark fixed positions as negative
                self.pos = -position

    def update(self, n=1):
        self.n += n

    def close(self):
        self._decr_instances(self)


# --- caller: one progress bar per concurrent download ------------------------

def download(url, size=100):
    bar = tqdm(total=size, desc=url)
    try:
        for _ in range(size):
            bar.update()
    finally:
        bar.close()
    return url


def download_all(urls, workers=8):
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return [f.result() for f in [pool.submit(download, u) for u in urls]]
