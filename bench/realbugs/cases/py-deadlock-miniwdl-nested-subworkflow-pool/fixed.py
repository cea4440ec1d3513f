import concurrent.futures as futures
import threading
import time


class Task:
    def __init__(self, name):
        self.name = name


class Workflow:
    def __init__(self, name, calls):
        self.name = name
        self.calls = calls


def run_local_task(cfg, task, run_id_stack):
    time.sleep(0.01)
    return {"task": task.name, "run_id": "/".join(run_id_stack + [task.name])}


class _ThreadPools:
    """Task and sub-workflow thread pools shared by a workflow and its nested calls."""

    def __init__(self, cfg):
        self._cfg = cfg
        self._lock = threading.Lock()
        self.task_pool = futures.ThreadPoolExecutor(max_workers=cfg["call_concurrency"])
        self._subworkflow_pools = {}

    def submit_task(self, fn, *args, **kwargs):
        return self.task_pool.submit(fn, *args, **kwargs)

    def submit_subworkflow(self, call_depth, fn, *args, **kwargs):
        # one pool per call depth: a sub-workflow never waits on a thread its own
        # ancestors are occupying
        with self._lock:
            pool = self._subworkflow_pools.get(call_depth)
            if pool is None:
                pool = futures.ThreadPoolExecutor(
                    max_workers=self._cfg["subworkflow_concurrency"]
                )
                self._subworkflow_pools[call_depth] = pool
        return pool.submit(fn, *args, **kwargs)

    def shutdown(self):
        self.task_pool.shutdown()
        with self._lock:
            pools = list(self._subworkflow_pools.values())
        for pool in pools:
            pool.shutdown()


def run_local_workflow(cfg, workflow, _thread_pools=None, _run_id_stack=None):
    run_id_stack = (_run_id_stack or []) + [workflow.name]
    thread_pools = _thread_pools
    if thread_pools is None:
        thread_pools = _ThreadPools(cfg)
    try:
        return _workflow_main_loop(cfg, workflow, thread_pools, run_id_stack)
    finally:
        if _thread_pools is None:
            thread_pools.shutdown()


def _workflow_main_loop(cfg, workflow, thread_pools, run_id_stack):
    call_futures = {}
    outputs = {}
    for callee in workflow.calls:
        if isinstance(callee, Task):
            future = thread_pools.submit_task(run_local_task, cfg, callee, run_id_stack)
        else:
            future = thread_pools.submit_subworkflow(
                len(run_id_stack),
                run_local_workflow,
                cfg,
                callee,
                _thread_pools=thread_pools,
                _run_id_stack=run_id_stack,
            )
        call_futures[future] = callee.name
    while call_futures:
        done, _ = futures.wait(list(call_futures), return_when=futures.FIRST_COMPLETED)
        for future in done:
            outputs[call_futures.pop(future)] = future.result()
    return outputs


def main():
    cfg = {"call_concurrency": 4, "subworkflow_concurrency": 1}
    hello_and_goodbye = Workflow("hello_and_goodbye", [Task("hello"), Task("goodbye")])
    sub_workflow = Workflow("sub_workflow", [hello_and_goodbye])
    main_workflow = Workflow("main_workflow", [sub_workflow])
    print(run_local_workflow(cfg, main_workflow))


if __name__ == "__main__":
    main()
