"""Arctic's connection property re-enters its own lock via reset() after a fork."""
import logging
import os
import threading

logger = logging.getLogger(__name__)


def mongo_retry(f):
    def wrapper(*args, **kwargs):
        return f(*args, **kwargs)
    return wrapper


class MongoClient:
    def __init__(self, host):
        self.host = host

    def close(self):
        pass


class Arctic:
    def __init__(self, mongo_host):
        self.mongo_host = mongo_host
        self._library_cache = {}
        self._lock = threading.RLock()
        self._pid = os.getpid()
        self.__conn = None

    @property
    @mongo_retry
    def _conn(self):
        with self._lock:
            # No MongoClient may be used from the parent after a fork.
            curr_pid = os.getpid()
            if curr_pid != self._pid:
                self._pid = curr_pid
                self.reset()  # also triggers re-auth
            if self.__conn is None:
                logger.info("Connecting to mongo: %s", self.mongo_host)
                self.__conn = MongoClient(self.mongo_host)
            return self.__conn

    def reset(self):
        logger.debug("Arctic.reset()")
        with self._lock:
            if self.__conn is not None:
                self.__conn.close()
                self.__conn = None
            for _, lib in self._library_cache.items():
                if hasattr(lib, "_reset") and callable(lib._reset):
                    lib._reset()


if __name__ == "__main__":
    store = Arctic("mongodb://localhost")
    print(store._conn.host)
    store._pid = -1  # what a forked child sees: a different pid
    t = threading.Thread(target=lambda: store._conn, daemon=True)
    t.start()
    t.join(timeout=1)
    print("deadlocked" if t.is_alive() else "ok")
