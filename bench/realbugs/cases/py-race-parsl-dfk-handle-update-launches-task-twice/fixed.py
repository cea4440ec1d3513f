import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from enum import IntEnum
from functools import partial

logger = logging.getLogger(__name__)


class States(IntEnum):
    unsched = -1
    pending = 0
    running = 2
    done = 3
    failed = 4


class DataFlowKernel:
    """The DataFlowKernel adds dependency awareness to an existing executor."""

    def __init__(self, max_threads=4):
        self.executor = ThreadPoolExecutor(max_workers=max_threads)
        self.tasks = {}
        self.task_count = 0
        self.launches = {}
        self.task_launch_lock = threading.Lock()

    def _count_deps(self, depends, task_id):
        count = 0
        for dep in depends:
            if isinstance(dep, Future) and not dep.done():
                count += 1
        return count

    def sanitize_and_wrap(self, task_id, args, kwargs):
        new_args = [a.result() if isinstance(a, Future) else a for a in args]
        return new_args, kwargs, []

    def launch_task(self, task_id, executable, *args, **kwargs):
        self.launches[task_id] = self.launches.get(task_id, 0) + 1
        exec_fu = self.executor.submit(executable, *args, **kwargs)
        self.tasks[task_id]["status"] = States.running
        exec_fu.add_done_callback(partial(self.handle_update, task_id))
        logger.info("Task %s launched", task_id)
        return exec_fu

    def handle_update(self, task_id, future):
        """Called by the executor's worker threads when a task's future completes."""
        self.tasks[task_id]["status"] = States.done if not future.exception() else States.failed

        # Identify tasks that have resolved dependencies and launch
        for tid in list(self.tasks):
            # Skip all non-pending tasks
            if self.tasks[tid]["status"] != States.pending:
                continue

            if self._count_deps(self.tasks[tid]["depends"], tid) == 0:
                # We can now launch *task*
                new_args, kwargs, exceptions = self.sanitize_and_wrap(
                    tid, self.tasks[tid]["args"], self.tasks[tid]["kwargs"]
                )
                self.tasks[tid]["args"] = new_args
                self.tasks[tid]["kwargs"] = kwargs
                if not exceptions:
                    # There are no dependency errors
                    exec_fu = None
                    # Acquire a lock, retest the state, launch
                    with self.task_launch_lock:
                        if self.tasks[tid]["status"] == States.pending:
                            exec_fu = self.launch_task(tid, self.tasks[tid]["func"], *new_args, **kwargs)
                    if exec_fu:
                        self.tasks[tid]["exec_fu"] = exec_fu

    def submit(self, func, *args, **kwargs):
        task_id = self.task_count
        self.task_count += 1
        depends = [a for a in args if isinstance(a, Future)]
        self.tasks[task_id] = {
            "func": func,
            "args": args,
            "kwargs": kwargs,
            "depends": depends,
            "status": States.pending,
            "exec_fu": None,
        }
        if self._count_deps(depends, task_id) == 0:
            self.tasks[task_id]["exec_fu"] = self.launch_task(task_id, func, *args, **kwargs)
        app_fu = Future()
        self.tasks[task_id]["app_fu"] = app_fu
        return self.tasks[task_id]["exec_fu"] or app_fu


def slow_inc(x):
    time.sleep(0.05)
    return x + 1


def total(a, b):
    return a + b


if __name__ == "__main__":
    dfk = DataFlowKernel()
    a = dfk.submit(slow_inc, 1)
    b = dfk.submit(slow_inc, 2)
    dfk.submit(total, a, b)  # both parents finish together: total may be executed twice
    time.sleep(0.5)
    dfk.executor.shutdown(wait=True)
    print(dfk.launches)
