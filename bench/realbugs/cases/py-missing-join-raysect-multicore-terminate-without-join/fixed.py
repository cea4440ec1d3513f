"""raysect/core/workflow.py: MulticoreEngine distributes render tasks over worker processes."""
from multiprocessing import get_context, cpu_count
import random
import time


class RenderEngine:
    """Common rendering workflow interface (SerialEngine / MulticoreEngine)."""


class MulticoreEngine(RenderEngine):

    def __init__(self, processes=None, tasks_per_job=None, start_method='fork'):
        super().__init__()
        self._processes = cpu_count() if processes is None else int(processes)
        self._tasks_per_job = tasks_per_job or 1
        self._context = get_context(start_method)

    def run(self, tasks, render, update, render_args=(), render_kwargs={}, update_args=(), update_kwargs={}):

        # establish ipc queues
        job_queue = self._context.SimpleQueue()
        result_queue = self._context.SimpleQueue()
        tasks_per_job = self._context.Value('i')

        # start process to generate jobs
        tasks_per_job.value = self._tasks_per_job
        producer = self._context.Process(target=self._producer, args=(tasks, job_queue, tasks_per_job))
        producer.start()

        # start worker processes
        workers = []
        for pid in range(self._processes):
            p = self._context.Process(target=self._worker, args=(render, render_args, render_kwargs, job_queue, result_queue))
            p.start()
            workers.append(p)

        # consume results
        remaining = len(tasks)
        while remaining:

            results = result_queue.get()

            # has a worker failed?
            if isinstance(results, Exception):

                # clean up
                for worker in workers:
                    if worker.is_alive():
                        worker.terminate()
                producer.terminate()

                # wait for processes to terminate
                for worker in workers:
                    worker.join()
                producer.join()

                # raise the exception to inform the user
                raise results

            # update state with new results
            for result in results:
                update(result, *update_args, **update_kwargs)
                remaining -= 1

        # shutdown workers
        for _ in workers:
            job_queue.put(None)

        # store tasks per job value for next run
        self._tasks_per_job = tasks_per_job.value

    def _producer(self, tasks, job_queue, stored_tasks_per_job):
        tasks_per_job = stored_tasks_per_job.value
        while tasks:
            job = []
            for _ in range(tasks_per_job):
                if tasks:
                    job.append(tasks.pop())
                    continue
                break
            job_queue.put(job)
        stored_tasks_per_job.value = tasks_per_job

    def _worker(self, render, args, kwargs, job_queue, result_queue):

        # re-seed the random number generator to prevent all workers inheriting the same sequence
        random.seed()

        # process jobs
        while True:

            job = job_queue.get()

            # have we been commanded to shutdown?
            if job is None:
                break

            results = []
            for task in job:
                try:
                    results.append(render(task, *args, **kwargs))
                except Exception as e:
                    # pass the exception back to the main process and quit
                    result_queue.put(e)
                    break

            # hand back results
            result_queue.put(results)


def failing_render(task):
    if task == 7:
        raise ValueError("bad pixel")
    return task


if __name__ == '__main__':
    try:
        MulticoreEngine(processes=2).run(list(range(100)), failing_render, lambda r: None)
    except ValueError as exc:
        print("render failed:", exc)
