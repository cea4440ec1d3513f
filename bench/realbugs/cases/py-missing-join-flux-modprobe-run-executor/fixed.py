"""Shape of flux-core src/bindings/python/flux/modprobe.py (0.77, Sep 2025): flux-modprobe runs
rc1/rc3 tasks in dependency order on a ThreadPoolExecutor, one Flux handle per worker thread."""
import concurrent.futures
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from graphlib import TopologicalSorter


class Flux:
    """Stand-in for flux.Flux(): a connection to the local broker."""

    def rpc(self, topic, payload=None):
        time.sleep(0.01)
        return {"topic": topic}


class Task:
    def __init__(self, name, func):
        self.name = name
        self.func = func
        self.starttime = None
        self.endtime = None

    def runtask(self, context):
        self.starttime = time.time()
        try:
            self.func(context)
        finally:
            self.endtime = time.time()


class Context:
    """Context object passed to all modprobe tasks."""

    tls = threading.local()

    def __init__(self, modprobe):
        self.modprobe = modprobe

    @property
    def handle(self):
        """Return a per-thread Flux handle created on demand"""
        if not hasattr(self.tls, "_handle"):
            self.tls._handle = Flux()
        return self.tls._handle

    def rpc(self, topic, *args, **kwargs):
        return self.handle.rpc(topic, *args, **kwargs)


class Modprobe:
    """The modprobe main class. Intended for use by flux-modprobe(1)."""

    def __init__(self):
        self.exitcode = 0
        self.timing = []
        self.tasks = {}
        self.context = Context(self)

    def get_task(self, name):
        return self.tasks[name]

    def add_timing(self, name, starttime):
        self.timing.append({"name": name, "starttime": starttime})

    def save_task_timing(self, tasks):
        for task in sorted(tasks, key=lambda x: x.starttime):
            self.add_timing(task.name, task.starttime)

    def run(self, deps):
        """Run all tasks in deps in precedence order"""
        sorter = TopologicalSorter(deps)
        sorter.prepare()

        max_workers = None
        if sys.version_info < (3, 8):
            # In Python < 3.8, idle threads are not reused up to
            # max_workers. For these versions, set a low max_workers
            # to force thread (and therefore Flux handle) reuse:
            max_workers = 5

        executor = ThreadPoolExecutor(max_workers=max_workers)
        futures = {}
        started = {}
        aborted = False

        while sorter.is_active():
            for task in [self.get_task(x) for x in sorter.get_ready()]:
                if task.name not in started:
                    if not aborted:
                        future = executor.submit(task.runtask, self.context)
                        started[task.name] = task
                        futures[future] = task
                    else:
                        # Do not run task, mark it done
                        sorter.done(task.name)

            done, not_done = concurrent.futures.wait(
                futures.keys(), return_when=concurrent.futures.FIRST_COMPLETED
            )

            for future in done:
                task = futures[future]
                try:
                    future.result()
                except Exception as exc:
                    print(f"{task.name}: {exc}", file=sys.stderr)
                    self.exitcode = 1
                    aborted = True
                    for x in not_done:
                        x.cancel()
                sorter.done(task.name)
                del futures[future]

        self.save_task_timing(started.values())
        executor.shutdown(wait=True)

        return self.exitcode

