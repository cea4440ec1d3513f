import queue
import threading
import time
from functools import partial


class ResourceFuture:
    def __init__(self, task):
        self._task = task
        self._finished = threading.Event()
        self._result = None

    def _run(self, resource):
        self._result = self._task(resource)
        self._finished.set()

    def result(self, timeout=None):
        self._finished.wait(timeout)
        return self._result


class ResourceWorker(threading.Thread):
    """Worker thread that executes futures with its own (possibly None) resource."""

    def __init__(self, work_queue, resource):
        super().__init__()
        self.daemon = True
        self._work_queue = work_queue
        self._resource = resource

    def run(self):
        while True:
            future = self._work_queue.get()
            if future is None:
                break
            future._run(self._resource)


class ResourceThreadPoolExecutor:
    def __init__(self, resources):
        self._work_queue = queue.Queue()
        self._workers = []
        for resource in resources:
            self._workers.append(ResourceWorker(self._work_queue, resource))
        for worker in self._workers:
            worker.start()

    def submit(self, future):
        self._work_queue.put(future)
        return future

    def shutdown(self, wait=True):
        for _ in self._workers:
            self._work_queue.put(None)
        if wait:
            for worker in self._workers:
                worker.join()


class XRootDResource:
    def __init__(self, file_path, timeout):
        self._file_path = file_path
        self._timeout = timeout
        self._open = True

    def get(self, start, stop, resource=None):
        time.sleep(0.001)
        return b"\x00" * (stop - start)

    def __exit__(self, exception_type, exception_value, traceback):
        self._open = False


class XRootDSource:
    ResourceClass = XRootDResource

    def __init__(self, file_path, **options):
        self._num_workers = options["num_workers"]
        self._timeout = options["timeout"]
        self._file_path = file_path
        self._resource = XRootDResource(file_path, self._timeout)
        # pool used to merge chunks of vector reads that had to be split up
        self._executor = ResourceThreadPoolExecutor([None for i in range(self._num_workers)])

    def chunks(self, ranges):
        futures = []
        for start, stop in ranges:
            task = partial(self._resource.get, start, stop)
            futures.append(self._executor.submit(ResourceFuture(task)))
        return [f.result() for f in futures]

    def __enter__(self):
        return self

    def __exit__(self, exception_type, exception_value, traceback):
        self._resource.__exit__(exception_type, exception_value, traceback)


def main():
    for _ in range(10):
        with XRootDSource("root://eospublic.cern.ch//eos/Run2012B.root", num_workers=4, timeout=30) as source:
            source.chunks([(0, 100), (100, 300)])
    print("threads still alive:", threading.active_count())


if __name__ == "__main__":
    main()
