# Reduced from harlowja/fasteners (fasteners/lock.py, ReaderWriterLock)
import collections
import threading
from contextlib import contextmanager


class ReaderWriterLock:
    def __init__(self):
        self._writer = None
        self._pending_writers = collections.deque()
        self._readers = {}
        self._cond = threading.Condition()
        self._current_thread = threading.current_thread

    def is_writer(self):
        return self._writer == self._current_thread()

    @contextmanager
    def read_lock(self):
        me = self._current_thread()
        if me in self._pending_writers:
            raise RuntimeError("Writer %s can not acquire a read lock while waiting for the write lock" % me)
        with self._cond:
            while True:
                # A thread that already owns the write lock is still made to
                # wait behind pending writers.
                if (self._writer is None or self._writer == me) and not self._pending_writers:
                    self._readers[me] = self._readers.get(me, 0) + 1
                    break
                self._cond.wait()
        try:
            yield self
        finally:
            with self._cond:
                self._readers[me] -= 1
                if not self._readers[me]:
                    del self._readers[me]
                self._cond.notify_all()

    @contextmanager
    def write_lock(self):
        me = self._current_thread()
        if self.is_writer():
            yield self
            return
        with self._cond:
            self._pending_writers.append(me)
            while True:
                if not self._readers and self._writer is None:
                    if self._pending_writers[0] == me:
                        self._writer = self._pending_writers.popleft()
                        break
                self._cond.wait()
        try:
            yield self
        finally:
            with self._cond:
                self._writer = None
                self._cond.notify_all()


def thread1(lock, n):
    for _ in range(n):
        with lock.write_lock():
            with lock.read_lock():
                pass


def thread2(lock, n):
    for _ in range(n):
        with lock.write_lock():
            pass


def main():
    lock = ReaderWriterLock()
    t1 = threading.Thread(target=thread1, args=(lock, 1000))
    t2 = threading.Thread(target=thread2, args=(lock, 1000))
    t1.start()
    t2.start()
    t1.join()
    t2.join()


if __name__ == "__main__":
    main()
