"""roboflow inference: MemoryCache.acquire_lock() looks a per-key lock up, then creates it."""
import threading
import time
from contextlib import contextmanager
from threading import Lock


class MemoryCache:
    def __init__(self):
        self.cache = dict()
        self.zexpires = dict()

    def get(self, key):
        expires = self.zexpires.get(key)
        if expires is not None and expires < time.time():
            return None
        return self.cache.get(key)

    def set(self, key, value, expire=None):
        self.cache[key] = value
        self.zexpires[key] = time.time() + expire if expire else None

    def acquire_lock(self, key, expire=None):
        lock = self.get(key)
        if lock is None:
            lock = Lock()
            self.set(key, lock, expire=expire)
        lock.acquire()
        return lock

    @contextmanager
    def lock(self, key, expire=None):
        lock = self.acquire_lock(key, expire=expire)
        try:
            yield lock
        finally:
            lock.release()


cache = MemoryCache()
loads = []


def get_model(model_id):
    with cache.lock("lock:model:%s" % model_id, expire=60):
        if cache.get("model:%s" % model_id) is None:
            loads.append(model_id)
            time.sleep(0.05)  # download + load weights
            cache.set("model:%s" % model_id, object())
    return cache.get("model:%s" % model_id)


if __name__ == "__main__":
    barrier = threading.Barrier(4)

    def cold_request():
        barrier.wait()
        get_model("yolov8n-640")

    threads = [threading.Thread(target=cold_request) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("model loaded %d times" % len(loads))
