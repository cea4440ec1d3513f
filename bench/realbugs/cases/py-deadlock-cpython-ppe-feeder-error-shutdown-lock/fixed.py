"""concurrent.futures.process (CPython 3.12), reduced: executor shutdown vs. queue feeder error."""
import multiprocessing as mp
import threading
import weakref
from concurrent.futures import Future
from multiprocessing.queues import Queue
from traceback import format_exception


class _RemoteTraceback(Exception):
    def __init__(self, tb):
        self.tb = tb

    def __str__(self):
        return self.tb


class _ThreadWakeup:
    def __init__(self):
        self._closed = False
        self._lock = threading.Lock()
        self._reader, self._writer = mp.Pipe(duplex=False)

    def close(self):
        # Please note that we do not take the self._lock when
        # calling clear() (to avoid deadlocking) so this method can
        # only be called safely from the same thread as all calls to
        # clear() even if you hold the lock.
        with self._lock:
            if not self._closed:
                self._closed = True
                self._writer.close()
                self._reader.close()

    def wakeup(self):
        with self._lock:
            if not self._closed:
                self._writer.send_bytes(b"")

    def clear(self):
        if not self._closed:
            while self._reader.poll():
                self._reader.recv_bytes()


class _WorkItem:
    def __init__(self, future, fn, args, kwargs):
        self.future, self.fn, self.args, self.kwargs = future, fn, args, kwargs


class _CallItem:
    def __init__(self, work_id, fn, args, kwargs):
        self.work_id, self.fn, self.args, self.kwargs = work_id, fn, args, kwargs


class _SafeQueue(Queue):
    """Safe Queue set exception to the future object linked to a job"""

    def __init__(self, max_size=0, *, ctx, pending_work_items, shutdown_lock,
                 thread_wakeup):
        self.pending_work_items = pending_work_items
        self.shutdown_lock = shutdown_lock
        self.thread_wakeup = thread_wakeup
        super().__init__(max_size, ctx=ctx)

    def _on_queue_feeder_error(self, e, obj):
        # Runs on the queue's feeder thread when pickling a call item fails.
        if isinstance(obj, _CallItem):
            tb = format_exception(type(e), e, e.__traceback__)
            e.__cause__ = _RemoteTraceback('\n"""\n{}"""'.format(''.join(tb)))
            work_item = self.pending_work_items.pop(obj.work_id, None)
            self.thread_wakeup.wakeup()
            if work_item is not None:
                work_item.future.set_exception(e)
        else:
            super()._on_queue_feeder_error(e, obj)


class _ExecutorManagerThread(threading.Thread):
    def __init__(self, executor):
        self.thread_wakeup = executor._executor_manager_thread_wakeup
        self.shutdown_lock = executor._shutdown_lock
        self.executor_reference = weakref.ref(executor)
        self.processes = executor._processes
        self.call_queue = executor._call_queue
        super().__init__()

    def run(self):
        self.thread_wakeup.clear()
        self.join_executor_internals()

    def join_executor_internals(self):
        with self.shutdown_lock:
            self._join_executor_internals()

    def _join_executor_internals(self, broken=None):
        self.call_queue.close()
        # Make sure that the queue feeder thread has flushed all its items;
        # the feeder may be inside _on_queue_feeder_error right now.
        self.call_queue.join_thread()
        self.thread_wakeup.close()
        for p in self.processes.values():
            p.join()


class ProcessPoolExecutor:
    def __init__(self, mp_context=None):
        self._mp_context = mp_context or mp.get_context()
        self._shutdown_lock = threading.Lock()
        self._executor_manager_thread_wakeup = _ThreadWakeup()
        self._pending_work_items = {}
        self._processes = {}
        self._queue_count = 0
        self._call_queue = _SafeQueue(
            max_size=4, ctx=self._mp_context,
            pending_work_items=self._pending_work_items,
            shutdown_lock=self._shutdown_lock,
            thread_wakeup=self._executor_manager_thread_wakeup)
        self._executor_manager_thread = _ExecutorManagerThread(self)

    def submit(self, fn, /, *args, **kwargs):
        with self._shutdown_lock:
            f = Future()
            self._pending_work_items[self._queue_count] = _WorkItem(f, fn, args, kwargs)
            self._call_queue.put(_CallItem(self._queue_count, fn, args, kwargs))
            self._queue_count += 1
            self._executor_manager_thread_wakeup.wakeup()
            return f

    def shutdown(self, wait=True):
        self._executor_manager_thread.start()
        if wait:
            self._executor_manager_thread.join()


if __name__ == "__main__":
    ex = ProcessPoolExecutor()
    fut = ex.submit(lambda: 1)  # lambdas cannot be pickled -> feeder error path
    ex.shutdown(wait=True)
    print(type(fut.exception(timeout=5)).__name__)
