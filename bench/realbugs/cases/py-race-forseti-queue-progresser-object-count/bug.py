"""Reduction of forseti-security's inventory crawler/progresser before #3080.

ParallelCrawler.visit() runs on the crawler's worker threads and reports every
resource to the shared QueueProgresser.
"""
import threading
import time
from queue import Empty, Queue


class Progress(object):
    def __init__(self, final_message=False, step="", inventory_index_id=-1):
        self.inventory_index_id = inventory_index_id
        self.final_message = final_message
        self.step = step
        self.warnings = 0
        self.errors = 0
        self.last_warning = ""
        self.last_error = ""
        self.object_count = 0


class QueueProgresser(Progress):
    """Progresser that pushes updates onto a queue for the client stream."""

    def __init__(self, queue):
        super(QueueProgresser, self).__init__()
        self.queue = queue
        self.last_notified = 0.0

    def _notify_eventually(self):
        now = time.time()
        if now - self.last_notified > 0.5:
            self.last_notified = now
            self.queue.put(self.object_count)

    def on_new_object(self, resource):
        self.object_count += 1
        self.step = resource
        self._notify_eventually()

    def on_warning(self, warning):
        self.warnings += 1
        self.last_warning = warning


class ParallelCrawler(object):
    """Multi-threaded Crawler implementation."""

    def __init__(self, progresser, threads=10):
        self.progresser = progresser
        self.threads = threads
        self._write_lock = threading.Lock()
        self._dispatch_queue = Queue()
        self._shutdown_event = threading.Event()
        self.stored = []

    def _start_workers(self):
        self._shutdown_event.clear()
        for _ in range(self.threads):
            worker = threading.Thread(target=self._process_queue)
            worker.daemon = True
            worker.start()

    def _process_queue(self):
        while not self._shutdown_event.is_set():
            try:
                callback = self._dispatch_queue.get(timeout=0.1)
            except Empty:
                continue
            callback()
            self._dispatch_queue.task_done()

    def dispatch(self, callback):
        self._dispatch_queue.put(callback)

    def write(self, resource):
        with self._write_lock:
            self.stored.append(resource)

    def visit(self, resource):
        self.write(resource)
        self.progresser.on_new_object(resource)

    def run(self, resources):
        try:
            self._start_workers()
            for res in resources:
                self.dispatch(lambda r=res: self.visit(r))
            self._dispatch_queue.join()
        finally:
            self._shutdown_event.set()
        return self.progresser


if __name__ == "__main__":
    progresser = ParallelCrawler(QueueProgresser(Queue())).run(
        ["projects/p%d" % i for i in range(20000)])
    print(progresser.object_count)
