"""Reduction of kolibri/core/tasks/worker.py (Worker) before PR #11591."""
import logging
import time
from concurrent.futures import ThreadPoolExecutor

logger = logging.getLogger(__name__)


class Job(object):
    def __init__(self, job_id, func, *args):
        self.job_id = job_id
        self.func = func
        self.args = args

    def execute(self):
        return self.func(*self.args)


class Worker(object):
    def __init__(self, regular_workers=2):
        self.workers = ThreadPoolExecutor(max_workers=regular_workers)
        # Mapping of job ids to futures and back, shared between the thread
        # that schedules jobs and the executor threads running done-callbacks.
        self.job_future_mapping = {}
        self.future_job_mapping = {}

    def handle_finished_future(self, future):
        # This runs on the executor thread that finished the job.
        job = self.future_job_mapping[future]
        del self.future_job_mapping[future]
        del self.job_future_mapping[job.job_id]
        try:
            future.result()
        except Exception as e:
            logger.error("Job %s failed: %s", job.job_id, e)

    def start_next_job(self, job):
        future = self.workers.submit(job.execute)
        # The job may already have finished and run its callback by now.
        self.job_future_mapping[job.job_id] = future
        self.future_job_mapping[future] = job
        future.add_done_callback(self.handle_finished_future)
        return future

    def shutdown(self, wait=True):
        self.workers.shutdown(wait=wait)


def quick_task(n):
    return n * 2


def slow_task(n):
    time.sleep(0.01)
    return n


def main():
    worker = Worker(regular_workers=4)
    for i in range(200):
        # Kolibri reuses job ids, so the same id is scheduled repeatedly.
        job_id = "job-%d" % (i % 5)
        func = quick_task if i % 2 else slow_task
        worker.start_next_job(Job(job_id, func, i))
    worker.shutdown(wait=True)
    print("remaining mappings:", len(worker.job_future_mapping))


if __name__ == "__main__":
    main()
