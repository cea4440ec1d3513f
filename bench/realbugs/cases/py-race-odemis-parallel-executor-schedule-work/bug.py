# src/odemis/model/_futures.py (reduced)
import collections
import logging
import threading
from concurrent import futures
from concurrent.futures.thread import ThreadPoolExecutor, _WorkItem


class ParallelThreadPoolExecutor(ThreadPoolExecutor):
    """
    An extended ThreadPoolExecutor that can execute multiple jobs in parallel
    -if not on the same dependences set.
    Note that the tasks are still always executed in order they were submitted.
    """
    def __init__(self):
        # just a big number of workers
        ThreadPoolExecutor.__init__(self, max_workers=100)
        self._queue = collections.deque()  # thread-safe queue of futures
        self._waiting_work = collections.deque()  # tuple (WorkItem, future, set=dependences)

        # (dict id(future) -> set): futures running -> dependences used
        self._sets_in_progress = {}
        self._set_remove = threading.Lock()

    def _schedule_work(self):
        while self._waiting_work:
            w, f, dependences = self._waiting_work.pop()
            if f not in self._queue:
                # the future has already been cancelled => forget about it
                continue

            # do not schedule the task (and any later ones) if its dependences
            # set has an intersection with some of the ongoing tasks
            with self._set_remove:
                for dep in self._sets_in_progress.values():
                    if dep & dependences:  # intersects?
                        logging.debug("Waiting for scheduling task with dep %s", dependences)
                        # put it back to the queue
                        self._waiting_work.append((w, f, dependences))
                        return
                else:
                    self._work_queue.put(w)
                    self._adjust_thread_count()
                    self._sets_in_progress[id(f)] = dependences

    def submitf(self, dependences, f, fn, *args, **kwargs):
        """
        submit a task, handled by the given fresh Future
        dependences (set): set of dependences. The task will be scheduled only
          when no running task has a dependence intersection.
        """
        with self._shutdown_lock:
            if self._shutdown:
                raise RuntimeError('cannot schedule new futures after shutdown')

            # add to the queue and track the task
            self._queue.append(f)
            f.add_done_callback(self._on_done)

            w = _WorkItem(f, fn, args, kwargs)
            with self._set_remove:
                self._waiting_work.appendleft((w, f, dependences))
            self._schedule_work()
        return f

    def submit(self, dependences, fn, *args, **kwargs):
        return self.submitf(dependences, futures.Future(), fn, *args, **kwargs)

    def _on_done(self, future):
        # task is over (called from the worker thread that ran it)
        try:
            self._queue.remove(future)
        except ValueError:
            # can happen if it was cancelled (was already removed)
            pass
        try:
            with self._set_remove:
                del self._sets_in_progress[id(future)]
        except KeyError:
            # can happen if it was cancelled (was not yet added)
            pass
        self._schedule_work()


if __name__ == "__main__":
    import time
    executor = ParallelThreadPoolExecutor()
    fs = [executor.submit({"stage"} if i % 2 else {"ebeam"}, time.sleep, 0.001)
          for i in range(2000)]
    futures.wait(fs)
    executor.shutdown()
