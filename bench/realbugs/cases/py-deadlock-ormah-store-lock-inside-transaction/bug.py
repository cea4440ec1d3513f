"""ormah: the index sweep calls FileStore methods (serialized on the engine's lock) inside a DB transaction."""
import contextlib
import functools
import threading
import time


class Database:
    def __init__(self):
        self._lock = threading.RLock()
        self.rows = {}

    @contextlib.contextmanager
    def transaction(self):
        with self._lock:
            yield self.rows


def _serialized_store_operation(fn):
    @functools.wraps(fn)
    def wrapper(self, *args, **kwargs):
        with self._operation_lock:
            return fn(self, *args, **kwargs)
    return wrapper


class FileStore:
    def __init__(self, nodes_dir, operation_lock):
        self.nodes_dir = nodes_dir
        self._operation_lock = operation_lock
        self.files = {"a.md": "alpha", "b.md": "beta"}

    @_serialized_store_operation
    def list_paths(self):
        return sorted(self.files)

    @_serialized_store_operation
    def file_hash(self, path):
        return hash(self.files[path])


class IndexBuilder:
    def __init__(self, db, file_store):
        self.db = db
        self.file_store = file_store

    def incremental_update(self):
        with self.db.transaction() as rows:
            for path in self.file_store.list_paths():
                rows[path] = self.file_store.file_hash(path)


def serialized_memory_job(fn):
    @functools.wraps(fn)
    def wrapper(engine):
        with engine._memory_operation_lock:
            return fn(engine)
    return wrapper


class MemoryEngine:
    def __init__(self, nodes_dir):
        self._memory_operation_lock = threading.RLock()
        self.db = Database()
        self.file_store = FileStore(nodes_dir, self._memory_operation_lock)
        self.builder = IndexBuilder(self.db, self.file_store)


@serialized_memory_job
def auto_linker(engine):
    time.sleep(0.05)
    with engine.db.transaction() as rows:
        rows["link"] = 1


def index_updater(engine):
    engine.builder.incremental_update()


if __name__ == "__main__":
    engine = MemoryEngine("/tmp/nodes")
    linker = threading.Thread(target=auto_linker, args=(engine,), daemon=True)
    updater = threading.Thread(target=index_updater, args=(engine,), daemon=True)
    linker.start()
    updater.start()
    linker.join(timeout=2)
    updater.join(timeout=2)
    print("deadlocked" if linker.is_alive() or updater.is_alive() else "ok")
