import collections
import contextlib
import sys
import threading

import six


class ObjectPool(object):
    """A pool of objects that release/creates/destroys as needed."""

    def __init__(self, obj_creator, after_remove=None, max_size=None,
                 lock_generator=None):
        self._used_objs = collections.deque()
        self._free_objs = collections.deque()
        self._obj_creator = obj_creator
        if lock_generator is None:
            self._lock = threading.Lock()
        else:
            self._lock = lock_generator()
        self._after_remove = after_remove
        max_size = max_size or 2 ** 31
        if not isinstance(max_size, six.integer_types) or max_size < 0:
            raise ValueError('"max_size" must be a positive integer')
        self.max_size = max_size

    @property
    def used(self):
        return tuple(self._used_objs)

    @property
    def free(self):
        return tuple(self._free_objs)

    @contextlib.contextmanager
    def get_and_release(self, destroy_on_fail=False):
        obj = self.get()
        try:
            yield obj
        except Exception:
            exc_info = sys.exc_info()
            if not destroy_on_fail:
                self.release(obj)
            else:
                self.destroy(obj)
            six.reraise(exc_info[0], exc_info[1], exc_info[2])
        self.release(obj)

    def get(self):
        with self._lock:
            if not self._free_objs:
                curr_count = len(self._used_objs)
                if curr_count >= self.max_size:
                    raise RuntimeError("Too many objects,"
                                       " %s >= %s" % (curr_count,
                                                      self.max_size))
                obj = self._obj_creator()
                self._used_objs.append(obj)
                return obj
            else:
                obj = self._free_objs.pop()
                self._used_objs.append(obj)
                return obj

    def destroy(self, obj, silent=True):
        was_dropped = False
        with self._lock:
            try:
                self._used_objs.remove(obj)
                was_dropped = True
            except ValueError:
                if not silent:
                    raise
        if was_dropped and self._after_remove is not None:
            self._after_remove(obj)

    def release(self, obj, silent=True):
        with self._lock:
            try:
                self._used_objs.remove(obj)
                self._free_objs.append(obj)
            except ValueError:
                if not silent:
                    raise


class Client(object):
    def __init__(self, server):
        self.server = server
        self.sock = None

    def get(self, key):
        raise OSError("connection reset by peer")

    def close(self):
        self.sock = None


def make_pool(server):
    def after_remove(client):
        client.close()
        # keep one warm connection around: replace the dropped client
        with pool.get_and_release():
            pass

    pool = ObjectPool(lambda: Client(server), after_remove=after_remove, max_size=4)
    return pool


if __name__ == "__main__":
    pool = make_pool(("127.0.0.1", 11211))
    try:
        with pool.get_and_release(destroy_on_fail=True) as client:
            client.get(b"key")
    except OSError:
        pass
