"""data-universe: the validator storage's AutoIncrementDict assigns label ids from several threads."""
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any


class AutoIncrementDict:
    """A dictionary that automatically assigns ids to keys.

    Provides O(1) ability to insert a key and get its id, and to lookup the key for an id.
    """

    def __init__(self):
        self.available_ids = set()
        self.items = []
        self.indexes = {}
        self._lock = threading.RLock()

    def get_or_insert(self, key: Any) -> int:
        with self._lock:
            if key not in self.indexes:
                if self.available_ids:
                    key_id = self.available_ids.pop()
                    self.items[key_id] = key
                    self.indexes[key] = key_id
                else:
                    self.items.append(key)
                    self.indexes[key] = len(self.items) - 1

            return self.indexes[key]

    def get_by_id(self, id: int) -> Any:
        with self._lock:
            return self.items[id]

    def delete_key(self, key: Any):
        with self._lock:
            if key in self.indexes:
                key_id = self.indexes[key]
                self.items[key_id] = None
                del self.indexes[key]
                self.available_ids.add(key_id)


class SqliteMemoryValidatorStorage:
    def __init__(self):
        self.label_dict = AutoIncrementDict()
        self.miner_index = {}
        # Lock to avoid concurrency issues on clearing and inserting an index.
        self.upsert_miner_index_lock = threading.Lock()

    def upsert_compressed_miner_index(self, hotkey, buckets):
        rows = [
            (source, self.label_dict.get_or_insert(label), time_bucket, size)
            for source, label, time_bucket, size in buckets
        ]
        with self.upsert_miner_index_lock:
            self.miner_index[hotkey] = rows

    def read_miner_labels(self, hotkey):
        with self.upsert_miner_index_lock:
            rows = self.miner_index.get(hotkey, [])
        return sorted({self.label_dict.get_by_id(label_id) for _, label_id, _, _ in rows})


class MinerEvaluator:
    def __init__(self, storage):
        self.storage = storage

    def eval_miner(self, uid):
        hotkey = "hk%d" % uid
        buckets = [(1, "#bitcoin", 100 + uid, 64), (2, "r/%d" % (uid % 7), 100, 32), (1, "#tao", 101, 16)]
        self.storage.upsert_compressed_miner_index(hotkey, buckets)
        return hotkey

    def run_next_eval_batch(self, uids):
        with ThreadPoolExecutor(max_workers=8) as executor:
            return list(executor.map(self.eval_miner, uids))


if __name__ == "__main__":
    storage = SqliteMemoryValidatorStorage()
    evaluator = MinerEvaluator(storage)
    evaluator.run_next_eval_batch(range(256))
    ids = storage.label_dict.indexes
    print("labels", len(ids), "ids handed out", len(storage.label_dict.items))
    dupes = len(storage.label_dict.items) - len(set(storage.label_dict.items))
    print("duplicate label entries:", dupes)
