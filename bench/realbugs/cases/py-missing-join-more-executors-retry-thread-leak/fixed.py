"""Reduced from rohanpm/more-executors#87 (fixed by #88): RetryExecutor starts
a helper thread in __init__ whose target is a bound method, so the thread keeps
the executor alive; unless shutdown() is called the thread is never stopped or
joined and leaks. Fixed upstream: the thread only holds a weak reference to
the executor and exits once the executor is gone or shut down."""
import threading
import weakref
from concurrent.futures import ThreadPoolExecutor


class RetryExecutor:
    def __init__(self, delegate, max_attempts=3):
        self._delegate = delegate
        self._max_attempts = max_attempts
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._shutdown = False
        self._jobs = []
        self._submit_thread = threading.Thread(
            name="RetryExecutor", target=RetryExecutor._submit_loop,
            args=(weakref.ref(self),), daemon=True)
        self._submit_thread.start()

    def submit(self, fn, *args, **kwargs):
        future = self._delegate.submit(fn, *args, **kwargs)
        with self._lock:
            self._jobs.append((future, fn, args, kwargs, 1))
        self._wake.set()
        return future

    @staticmethod
    def _submit_loop(executor_ref):
        while True:
            executor = executor_ref()
            if executor is None or executor._shutdown:
                return
            wake = executor._wake
            del executor
            wake.wait(0.1)
            wake.clear()
            executor = executor_ref()
            if executor is None:
                return
            executor._retry_failed()
            del executor

    def _retry_failed(self):
        with self._lock:
            jobs, self._jobs = self._jobs, []
        for future, fn, args, kwargs, attempt in jobs:
            if future.done() and future.exception() and attempt < self._max_attempts:
                retry = self._delegate.submit(fn, *args, **kwargs)
                with self._lock:
                    self._jobs.append((retry, fn, args, kwargs, attempt + 1))
            elif not future.done():
                with self._lock:
                    self._jobs.append((future, fn, args, kwargs, attempt))

    def shutdown(self, wait=True):
        self._shutdown = True
        self._wake.set()
        if wait and self._submit_thread is not threading.current_thread():
            self._submit_thread.join()
        self._delegate.shutdown(wait)


def mult2(x):
    return x * 2


if __name__ == "__main__":
    for _ in range(10):
        executor = RetryExecutor(ThreadPoolExecutor(max_workers=2))
        futures = [executor.submit(mult2, n) for n in (10, 20, 30)]
        print([f.result() for f in futures])
        del executor
    print("threads alive:", [t.name for t in threading.enumerate()])
