"""A config store that notifies listeners after releasing its lock (listeners may call back in)."""
import threading


class ConfigStore:
    def __init__(self):
        self._lock = threading.Lock()
        self._values = {}
        self._listeners = []

    def subscribe(self, callback):
        with self._lock:
            self._listeners.append(callback)

    def get(self, key, default=None):
        with self._lock:
            return self._values.get(key, default)

    def set(self, key, value):
        with self._lock:
            old = self._values.get(key)
            if old == value:
                return
            self._values[key] = value
            listeners = list(self._listeners)
        # The lock is released: a listener may call get()/set() on this store.
        for callback in listeners:
            callback(key, old, value)

    def set_default(self, key, value):
        with self._lock:
            if key in self._values:
                return self._values[key]
            self._values[key] = value
            return value


def main():
    store = ConfigStore()
    seen = []

    def on_change(key, old, new):
        seen.append((key, old, new, store.get("mode")))
        if key == "mode" and new == "fast":
            store.set("workers", 8)

    store.subscribe(on_change)
    threads = [threading.Thread(target=store.set, args=("mode", m)) for m in ("fast", "slow", "fast")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(len(seen), store.set_default("workers", 1))


if __name__ == "__main__":
    main()
