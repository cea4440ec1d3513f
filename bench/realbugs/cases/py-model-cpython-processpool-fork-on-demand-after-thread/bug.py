"""Lib/concurrent/futures/process.py (CPython 3.10), reduced to how
ProcessPoolExecutor spawns its worker processes."""
import itertools
import multiprocessing as mp
import queue
import threading
import weakref
from concurrent.futures import _base


class _WorkItem:
    def __init__(self, future, fn, args, kwargs):
        self.future, self.fn, self.args, self.kwargs = future, fn, args, kwargs


def _process_worker(call_queue, result_queue):
    while (call_item := call_queue.get(block=True)) is not None:
        result_queue.put(call_item)


class _ExecutorManagerThread(threading.Thread):
    """Moves work items to the call queue and collects results; holds the
    queue locks while it does so."""

    def __init__(self, executor):
        self.executor_reference = weakref.ref(executor)
        self.call_queue = executor._call_queue
        self.work_ids_queue = executor._work_ids
        self.pending_work_items = executor._pending_work_items
        super().__init__(daemon=True)

    def run(self):
        while self.executor_reference() is not None:
            try:
                work_id = self.work_ids_queue.get(timeout=0.1)
            except queue.Empty:
                continue
            item = self.pending_work_items[work_id]
            self.call_queue.put((work_id, item.fn, item.args, item.kwargs))


class ProcessPoolExecutor(_base.Executor):
    def __init__(self, max_workers=4, mp_context=None):
        self._max_workers = max_workers
        if mp_context is None:
            mp_context = mp.get_context()  # "fork" on Linux
        self._mp_context = mp_context
        self._processes = {}
        self._idle_worker_semaphore = threading.Semaphore(0)
        self._shutdown_lock = threading.Lock()
        self._executor_manager_thread = None
        self._call_queue = self._mp_context.Queue(max_workers + 1)
        self._result_queue = self._mp_context.SimpleQueue()
        self._work_ids = queue.Queue()
        self._pending_work_items = {}
        self._queue_count = itertools.count()

    def _start_executor_manager_thread(self):
        if self._executor_manager_thread is None:
            self._executor_manager_thread = _ExecutorManagerThread(self)
            self._executor_manager_thread.start()

    def _adjust_process_count(self):
        # if there's an idle process, we don't need to spawn a new one.
        if self._idle_worker_semaphore.acquire(blocking=False):
            return

        process_count = len(self._processes)
        if process_count < self._max_workers:
            p = self._mp_context.Process(
                target=_process_worker,
                args=(self._call_queue, self._result_queue))
            p.start()
            self._processes[p.pid] = p

    def submit(self, fn, /, *args, **kwargs):
        with self._shutdown_lock:
            f = _base.Future()
            work_id = next(self._queue_count)
            self._pending_work_items[work_id] = _WorkItem(f, fn, args, kwargs)
            self._work_ids.put(work_id)

            self._adjust_process_count()
            self._start_executor_manager_thread()
            return f
