"""Lib/concurrent/futures/process.py (CPython 3.9), reduced to the executor
manager thread and the on-demand worker spawning done by submit()."""
import itertools
import multiprocessing as mp
import multiprocessing.connection
import queue
import threading
import weakref
from concurrent.futures import _base


class _ThreadWakeup:
    def __init__(self):
        self._closed = False
        self._reader, self._writer = mp.Pipe(duplex=False)

    def wakeup(self):
        if not self._closed:
            self._writer.send_bytes(b"")

    def clear(self):
        while self._reader.poll():
            self._reader.recv_bytes()


class _WorkItem:
    def __init__(self, future, fn, args, kwargs):
        self.future, self.fn, self.args, self.kwargs = future, fn, args, kwargs


def _process_worker(call_queue, result_queue):
    while (call_item := call_queue.get(block=True)) is not None:
        result_queue.put(call_item)


class _ExecutorManagerThread(threading.Thread):
    def __init__(self, executor):
        self.thread_wakeup = executor._executor_manager_thread_wakeup
        self.executor_reference = weakref.ref(executor)
        # A dict shared with the executor: submit() adds workers to it.
        self.processes = executor._processes
        self.call_queue = executor._call_queue
        self.result_queue = executor._result_queue
        super().__init__(daemon=True)

    def run(self):
        while True:
            result_item, is_broken = self.wait_result_broken_or_wakeup()
            if is_broken or self.executor_reference() is None:
                return

    def wait_result_broken_or_wakeup(self):
        result_reader = self.result_queue._reader
        assert not self.thread_wakeup._closed
        wakeup_reader = self.thread_wakeup._reader
        readers = [result_reader, wakeup_reader]
        worker_sentinels = [p.sentinel for p in list(self.processes.values())]
        ready = mp.connection.wait(readers + worker_sentinels)

        result_item, is_broken = None, False
        if result_reader in ready:
            result_item = result_reader.recv()
        elif wakeup_reader in ready:
            pass
        else:
            is_broken = True
        self.thread_wakeup.clear()
        return result_item, is_broken


class ProcessPoolExecutor(_base.Executor):
    def __init__(self, max_workers=4, mp_context=None):
        self._max_workers = max_workers
        self._mp_context = mp_context or mp.get_context()
        self._processes = {}
        self._idle_worker_semaphore = threading.Semaphore(0)
        self._shutdown_lock = threading.Lock()
        self._executor_manager_thread = None
        self._executor_manager_thread_wakeup = _ThreadWakeup()
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
                target=_process_worker, args=(self._call_queue, self._result_queue))
            p.start()
            self._processes[p.pid] = p

    def submit(self, fn, /, *args, **kwargs):
        with self._shutdown_lock:
            f = _base.Future()
            work_id = next(self._queue_count)
            self._pending_work_items[work_id] = _WorkItem(f, fn, args, kwargs)
            self._work_ids.put(work_id)
            self._executor_manager_thread_wakeup.wakeup()
            self._adjust_process_count()
            self._start_executor_manager_thread()
            return f
