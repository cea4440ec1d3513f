"""scylla python-driver cassandra/cluster.py: Cluster.ssl_session_cache, read by every
connection the control connection and the per-host pools open on executor threads."""
import threading
from concurrent.futures import ThreadPoolExecutor


class SSLSessionCache:
    """Stores TLS sessions per (host, port) so reconnects can resume them."""

    def __init__(self, max_size=100):
        self._lock = threading.Lock()
        self._sessions = {}
        self.max_size = max_size

    def get(self, endpoint):
        with self._lock:
            return self._sessions.get(endpoint)

    def put(self, endpoint, session):
        with self._lock:
            if len(self._sessions) >= self.max_size:
                self._sessions.pop(next(iter(self._sessions)))
            self._sessions[endpoint] = session


class Connection:
    def __init__(self, endpoint, ssl_session_cache):
        self.endpoint = endpoint
        self.session_cache = ssl_session_cache
        self.resumed = ssl_session_cache.get(endpoint) is not None
        ssl_session_cache.put(endpoint, object())


class Cluster:
    def __init__(self, contact_points, ssl_context=None, ssl_session_cache_enabled=True):
        self.contact_points = contact_points
        self.ssl_context = ssl_context
        self._ssl_session_cache_enabled = ssl_session_cache_enabled
        self._ssl_session_cache = None
        self._lock = threading.RLock()
        self.executor = ThreadPoolExecutor(max_workers=4)

    @property
    def ssl_session_cache(self):
        cache = self._ssl_session_cache
        if cache is None and self._ssl_session_cache_enabled:
            with self._lock:
                if self._ssl_session_cache is None:
                    self._ssl_session_cache = SSLSessionCache()
                cache = self._ssl_session_cache
        return cache

    def connection_factory(self, endpoint):
        return Connection(endpoint, self.ssl_session_cache)

    def connect(self):
        futures = [self.executor.submit(self.connection_factory, ep)
                   for ep in self.contact_points]
        return [f.result() for f in futures]

    def shutdown(self):
        self.executor.shutdown(wait=True)


if __name__ == "__main__":
    cluster = Cluster([("10.0.0.%d" % i, 9042) for i in range(1, 9)])
    try:
        conns = cluster.connect()
        print(len({id(c.session_cache) for c in conns}), "session cache(s)")
    finally:
        cluster.shutdown()
