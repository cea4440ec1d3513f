"""Reduction of Cogtrix src/memory/manager.py (NorthlandPositronics/Cogtrix#1195)."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor


class PersistentFactsStore:
    def __init__(self, path):
        self._conn = sqlite3.connect(path, check_same_thread=False)
        self._conn.execute("CREATE TABLE IF NOT EXISTS facts (k TEXT PRIMARY KEY, v TEXT)")
        self._write_lock = threading.Lock()

    def add(self, key, value):
        with self._write_lock:
            self._conn.execute("INSERT OR REPLACE INTO facts VALUES (?, ?)", (key, value))
            self._conn.commit()

    def all(self):
        with self._write_lock:
            return dict(self._conn.execute("SELECT k, v FROM facts").fetchall())

    def close(self):
        self._conn.close()


class BaseMemoryManager:
    def __init__(self, facts_path, max_workers=2):
        self._facts_path = facts_path
        self._facts_store = None
        self._summarization_pool = None
        self._hybrid_lock = threading.Lock()
        self._max_workers = max_workers

    def _get_summarization_pool(self):
        if self._summarization_pool is None:
            with self._hybrid_lock:
                if self._summarization_pool is None:
                    self._summarization_pool = ThreadPoolExecutor(max_workers=self._max_workers)
        return self._summarization_pool

    def _get_facts_store(self):
        if self._facts_store is None:
            self._facts_store = PersistentFactsStore(self._facts_path)
        return self._facts_store

    def _build_hybrid_prefix(self):
        facts = self._get_facts_store().all()
        lines = ["%s: %s" % kv for kv in sorted(facts.items())]
        return "\n".join(lines)

    def remember(self, key, value):
        self._get_facts_store().add(key, value)

    def reset_summary(self):
        self._get_facts_store().add("summary", "")

    def summarize_async(self, text):
        return self._get_summarization_pool().submit(self._summarize, text)

    def _summarize(self, text):
        prefix = self._build_hybrid_prefix()
        return prefix + "\n" + text[:200]

    def close(self):
        if self._summarization_pool is not None:
            self._summarization_pool.shutdown(wait=True)
        if self._facts_store is not None:
            self._facts_store.close()


def compact_conversation(manager, turns):
    future = manager.summarize_async("\n".join(turns))
    manager.reset_summary()
    return future.result()
