"""texera amber python worker: core/util/thread/atomic.py (reduced) and a user of it."""
import threading
from threading import Lock
from typing import Generic, TypeVar

T = TypeVar("T", int, float)


class AtomicInteger(Generic[T]):
    """
    A thread-safe counter, shared between the data-processing thread
    and the main loop of a Python UDF worker.
    """

    def __init__(self, value: T = 0):
        self._value: T = value
        self._lock = Lock()

    def inc(self, by: T = 1) -> T:
        with self._lock:
            self._value += by
            return self._value

    def dec(self, by: T = 1) -> T:
        with self._lock:
            self._value -= by
            return self._value

    def get_and_inc(self, by: T = 1) -> T:
        with self._lock:
            old_value = self._value
            self._value += by
            return old_value

    def get_and_dec(self, by: T = 1) -> T:
        with self._lock:
            old_value = self._value
            self._value -= by
            return old_value

    def get_and_set(self, new_value: T) -> T:
        with self._lock:
            old_value = self._value
            self._value = new_value
            return old_value

    @property
    def value(self) -> T:
        with self._lock:
            return self._value

    @value.setter
    def value(self, new_value: T) -> None:
        with self._lock:
            self._value = new_value


class StatisticsManager:
    """Tracks tuples processed per batch; the main loop swaps the counter out."""

    def __init__(self) -> None:
        self._input_tuple_count = AtomicInteger(0)

    def increase_input_tuple_count(self) -> None:
        self._input_tuple_count.inc()

    def reset_batch(self) -> int:
        return self._input_tuple_count.get_and_set(0)


def data_processor(stats: StatisticsManager, n: int) -> None:
    for _ in range(n):
        stats.increase_input_tuple_count()


if __name__ == "__main__":
    stats = StatisticsManager()
    worker = threading.Thread(target=data_processor, args=(stats, 1000))
    worker.start()
    worker.join()
    done = threading.Event()

    def flush() -> None:
        print("batch size:", stats.reset_batch())
        done.set()

    threading.Thread(target=flush, daemon=True).start()
    print("flushed" if done.wait(timeout=0.5) else "main loop hung in get_and_set")
