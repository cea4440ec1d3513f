# joblib 0.9: joblib/parallel.py (Parallel.retrieve / BatchCompletionCallBack)
import itertools
import threading
import time
from multiprocessing.pool import ThreadPool


class BatchedCalls(object):
    def __init__(self, iterator_slice):
        self.items = list(iterator_slice)

    def __call__(self):
        return [func(*args, **kwargs) for func, args, kwargs in self.items]

    def __len__(self):
        return len(self.items)


class BatchCompletionCallBack(object):
    """Callback used by Parallel: runs in the pool's result handler thread."""

    def __init__(self, dispatch_timestamp, batch_size, parallel):
        self.dispatch_timestamp = dispatch_timestamp
        self.batch_size = batch_size
        self.parallel = parallel

    def __call__(self, out):
        self.parallel.n_completed_tasks += self.batch_size
        if self.parallel._original_iterator is not None:
            self.parallel.dispatch_next()


class Parallel(object):
    def __init__(self, n_jobs=2, pre_dispatch=4):
        self.n_jobs = n_jobs
        self.pre_dispatch = pre_dispatch
        self._pool = None
        self._lock = threading.Lock()
        self._jobs = []
        self._aborting = False

    def _initialize_pool(self):
        self._pool = ThreadPool(self.n_jobs)

    def _terminate_pool(self):
        if self._pool is not None:
            self._pool.close()
            self._pool.terminate()
            self._pool = None

    def _dispatch(self, batch):
        if self._aborting:
            return
        cb = BatchCompletionCallBack(time.time(), len(batch), self)
        job = self._pool.apply_async(batch, callback=cb)
        self._jobs.append(job)
        self.n_dispatched_batches += 1

    def dispatch_next(self):
        if not self.dispatch_one_batch(self._original_iterator):
            self._iterating = False
            self._original_iterator = None

    def dispatch_one_batch(self, iterator):
        with self._lock:
            tasks = BatchedCalls(itertools.islice(iterator, 1))
            if not len(tasks):
                return False
            self._dispatch(tasks)
            return True

    def retrieve(self):
        self._output = list()
        while self._iterating or len(self._jobs) > 0:
            if len(self._jobs) == 0:
                # Wait for an async callback to dispatch new jobs
                time.sleep(0.01)
                continue
            with self._lock:
                job = self._jobs.pop(0)
            try:
                self._output.extend(job.get())
            except Exception:
                # Stop dispatching any new job in the async callback thread
                self._aborting = True
                with self._lock:
                    self._terminate_pool()
                raise

    def __call__(self, iterable):
        self._initialize_pool()
        self.n_dispatched_batches = 0
        self.n_completed_tasks = 0
        self._iterating = True
        self._original_iterator = iter(iterable)
        for _ in range(self.pre_dispatch):
            self.dispatch_next()
        try:
            self.retrieve()
        finally:
            self._terminate_pool()
        return self._output


def _work(i):
    time.sleep(0.002)
    if i == 50:
        raise ValueError(i)
    return i


if __name__ == "__main__":
    def run():
        try:
            Parallel(n_jobs=4)((_work, (i,), {}) for i in range(200))
        except ValueError as exc:
            print("task failed:", exc)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(10)
    print("hung in terminate()" if t.is_alive() else "done")
