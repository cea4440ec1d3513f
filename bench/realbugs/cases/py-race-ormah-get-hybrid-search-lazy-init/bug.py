# ormah: src/ormah/engine/memory_engine.py (MemoryEngine._get_hybrid_search), with
# recall_search() now running in the Starlette threadpool.
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor


class Settings(object):
    db_path = ":memory:"
    top_k = 5


class HybridSearch(object):
    instances = 0

    def __init__(self, db, settings):
        HybridSearch.instances += 1
        self.db = db
        self.settings = settings
        self._local = threading.local()
        time.sleep(0.05)  # loads the encoder and the FTS index

    def _conn(self):
        if not hasattr(self._local, "conn"):
            self._local.conn = sqlite3.connect(self.settings.db_path)
        return self._local.conn

    def search(self, query, limit):
        return [(query, i) for i in range(limit)]


class MemoryEngine(object):
    def __init__(self, db, settings):
        self.db = db
        self.settings = settings
        self._hybrid_search = None

    def _get_hybrid_search(self):
        if self._hybrid_search is not None:
            return self._hybrid_search
        try:
            self._hybrid_search = HybridSearch(self.db, self.settings)
            return self._hybrid_search
        except ImportError:
            return None

    def recall_search(self, query, limit=None):
        hybrid = self._get_hybrid_search()
        if hybrid is None:
            return []
        return hybrid.search(query, limit or self.settings.top_k)


def serve_burst(engine, queries):
    # Starlette's run_in_threadpool: each request runs recall_search in a worker thread.
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(engine.recall_search, queries))


if __name__ == "__main__":
    engine = MemoryEngine(db=None, settings=Settings())
    serve_burst(engine, ["q%d" % i for i in range(8)])
    print("HybridSearch constructed %d time(s)" % HybridSearch.instances)
