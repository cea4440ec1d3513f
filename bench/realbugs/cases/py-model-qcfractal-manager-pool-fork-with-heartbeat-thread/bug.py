"""Reduced from MolSSI/QCFractal qcfractal/cli/qcfractal_manager.py + qcfractal/queue (pool adapter)."""
import logging
import threading
import time
from concurrent.futures import ProcessPoolExecutor

logger = logging.getLogger("qcfractal.queue_manager")


def compute_task(task_spec):
    """Runs a QC program (psi4/rdkit...) inside a worker process."""
    logger.info("running %s", task_spec["id"])
    return {"id": task_spec["id"], "success": True, "energy": -76.02}


class ExecutorAdapter:
    """Adapts a concurrent.futures executor to the QueueManager API."""

    def __init__(self, client):
        self.client = client
        self.queue = {}

    def _submit_task(self, task_spec):
        self.queue[task_spec["id"]] = self.client.submit(compute_task, task_spec)
        return task_spec["id"]

    def acquire_complete(self):
        done = {k: f.result() for k, f in self.queue.items() if f.done()}
        for k in done:
            del self.queue[k]
        return done

    def close(self):
        self.client.shutdown(wait=True)


class QueueManager:
    def __init__(self, client, queue_client, update_frequency=0.2):
        self.client = client
        self.queue_adapter = ExecutorAdapter(queue_client)
        self.update_frequency = update_frequency
        self._stop = threading.Event()
        self._heartbeat_thread = None

    def heartbeat(self):
        # periodic heartbeat to the Fractal server; logs under the logging lock
        while not self._stop.wait(0.01):
            logger.debug("heartbeat: %d tasks in flight", len(self.queue_adapter.queue))

    def update(self, new_tasks):
        results = self.queue_adapter.acquire_complete()
        for i in range(new_tasks):
            self.queue_adapter._submit_task({"id": "task-%d" % i})
        return results

    def start(self, rounds=3):
        self._heartbeat_thread = threading.Thread(target=self.heartbeat, daemon=True)
        self._heartbeat_thread.start()
        for _ in range(rounds):
            self.update(new_tasks=4)
            time.sleep(self.update_frequency)
        self.stop()

    def stop(self):
        self._stop.set()
        self.queue_adapter.close()


def main(adapter="pool", tasks_per_worker=2):
    logging.basicConfig(level=logging.DEBUG)

    if adapter == "pool":
        queue_client = ProcessPoolExecutor(max_workers=tasks_per_worker)
    else:
        raise KeyError("Unknown adapter %s" % adapter)

    manager = QueueManager(None, queue_client)
    manager.start()


if __name__ == "__main__":
    main()
