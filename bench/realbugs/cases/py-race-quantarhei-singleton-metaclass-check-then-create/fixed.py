"""Reduced from quantarhei's Singleton metaclass (quantarhei/core/singleton.py)."""
import threading


class Singleton(type):
    """Metaclass making each class that uses it a process-wide singleton."""

    _instances = {}
    _lock = threading.Lock()

    def __call__(cls, *args, **kwargs):
        with cls._lock:
            if cls not in cls._instances:
                cls._instances[cls] = super(Singleton, cls).__call__(*args, **kwargs)
        return cls._instances[cls]


class Manager(metaclass=Singleton):
    """Global quantarhei manager: holds units, frequency conversions, ..."""

    init_count = 0

    def __init__(self):
        Manager.init_count += 1
        self.units = {"energy": "int", "frequency": "2pi/fs"}
        self.unit_stack = []


def worker(results, idx):
    results[idx] = id(Manager())


def main():
    results = [None] * 10
    threads = [threading.Thread(target=worker, args=(results, i)) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("distinct managers:", len(set(results)), "inits:", Manager.init_count)


if __name__ == "__main__":
    main()
