"""pyzeebe 2.x ZeebeWorker (reduced): one polling thread per task type."""
import logging
import time
from threading import Event, Thread
from typing import Dict, List

logger = logging.getLogger(__name__)


class WorkerStoppedError(Exception):
    pass


class Task:
    def __init__(self, task_type: str, handler, timeout: int = 10000):
        self.type = task_type
        self.inner_function = handler
        self.timeout = timeout


class ZeebeAdapter:
    """Stand-in for the gRPC adapter: activate_jobs() long-polls the gateway."""

    def activate_jobs(self, task_type: str, max_jobs: int, request_timeout: int):
        time.sleep(0.05)
        return [{"type": task_type, "key": int(time.time() * 1000)}]

    def complete_job(self, job_key: int, variables: Dict) -> None:
        pass


class ZeebeTaskHandler:
    def __init__(self) -> None:
        self.tasks: List[Task] = []

    def task(self, task_type: str):
        def decorator(fn):
            self.tasks.append(Task(task_type, fn))
            return fn
        return decorator


class ZeebeWorker(ZeebeTaskHandler):
    """A zeebe worker that can connect to a zeebe instance and perform tasks."""

    def __init__(self, name: str = "worker", max_jobs: int = 32):
        super().__init__()
        self.zeebe_adapter = ZeebeAdapter()
        self.name = name
        self.max_jobs = max_jobs
        self.stop_event = Event()
        self._task_threads: Dict[str, Thread] = {}

    def work(self, stop_event: Event = None) -> None:
        """Start the worker: one polling thread per registered task."""
        self.stop_event = stop_event or Event()
        for task in self.tasks:
            task_thread = self._start_task_thread(task)
            self._task_threads[task.type] = task_thread

    def _start_task_thread(self, task: Task) -> Thread:
        if self.stop_event.is_set():
            raise WorkerStoppedError()
        logger.debug(f"Starting task thread for {task.type}")
        task_thread = Thread(target=self._handle_task, args=(task,),
                             name=f"{self.__class__.__name__}-Task-{task.type}")
        task_thread.start()
        return task_thread

    def _handle_task(self, task: Task) -> None:
        while not self.stop_event.is_set():
            for job in self.zeebe_adapter.activate_jobs(task.type, self.max_jobs, task.timeout):
                variables = task.inner_function(job)
                self.zeebe_adapter.complete_job(job["key"], variables)

    def stop(self, wait: bool = False) -> None:
        """Stop the worker and wait for every task thread to finish its poll cycle."""
        self.stop_event.set()
        if wait:
            self._join_task_threads()

    def _join_task_threads(self) -> None:
        logger.debug("Waiting for threads to join")
        for task_thread in self._task_threads.values():
            task_thread.join()


if __name__ == "__main__":
    worker = ZeebeWorker()

    @worker.task("send-email")
    def send_email(job):
        return {"sent": True}

    worker.work()
    time.sleep(0.2)
    worker.stop(wait=True)
    print("stop() returned; worker still polling on another thread")
