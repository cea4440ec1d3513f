"""rclpy: MultiThreadedExecutor.spin_once() submits each ready callback and drops the future."""
import multiprocessing
import queue
import time
from concurrent.futures import ThreadPoolExecutor


class TimeoutException(Exception):
    pass


class Task:
    """Wraps a user callback; the executor calls it."""

    def __init__(self, callback, name):
        self.callback = callback
        self.name = name

    def __call__(self):
        return self.callback()


class Executor:
    """A base class for an executor: it waits for ready entities and runs their callbacks."""

    def __init__(self):
        self._ready = queue.Queue()

    def add_ready(self, callback, name):
        self._ready.put(Task(callback, name))

    def wait_for_ready_callbacks(self, timeout_sec=None):
        try:
            handler = self._ready.get(timeout=timeout_sec)
        except queue.Empty:
            raise TimeoutException()
        return handler, handler.name, None

    def spin_once(self, timeout_sec=None):
        raise NotImplementedError()

    def spin_until_idle(self):
        while True:
            try:
                self.spin_once(timeout_sec=0.2)
            except TimeoutException:
                return


class SingleThreadedExecutor(Executor):
    def spin_once(self, timeout_sec=None):
        handler, entity, node = self.wait_for_ready_callbacks(timeout_sec=timeout_sec)
        handler()


class MultiThreadedExecutor(Executor):
    """Runs callbacks in a pool of threads."""

    def __init__(self, num_threads=None):
        super().__init__()
        if num_threads is None:
            num_threads = multiprocessing.cpu_count() or 2
        self._executor = ThreadPoolExecutor(num_threads)
        self._futures = []

    def spin_once(self, timeout_sec=None):
        try:
            handler, entity, node = self.wait_for_ready_callbacks(timeout_sec=timeout_sec)
        finally:
            for future in self._futures[:]:
                if future.done():
                    self._futures.remove(future)
                    future.result()  # raise any exceptions
        self._futures.append(self._executor.submit(handler))

    def shutdown(self):
        self._executor.shutdown(wait=True)


def timer_callback():
    raise RuntimeError("sensor driver failed")


if __name__ == "__main__":
    executor = MultiThreadedExecutor(num_threads=2)
    executor.add_ready(timer_callback, "timer")
    executor.add_ready(lambda: time.sleep(0.01), "subscription")
    try:
        executor.spin_until_idle()
        print("spun without error: the timer's RuntimeError was lost")
    except RuntimeError as exc:
        print("callback error reported:", exc)
    finally:
        executor.shutdown()
