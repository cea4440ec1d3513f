"""neptune-scale Run: background threads are started, then the sync process is forked."""
from __future__ import annotations

import atexit
import logging
import multiprocessing
import queue
import threading
from multiprocessing import Process
from typing import Optional

logger = logging.getLogger("neptune")


class ErrorsQueue:
    def __init__(self) -> None:
        self._errors_queue: multiprocessing.Queue = multiprocessing.Queue()

    def put(self, error: BaseException) -> None:
        self._errors_queue.put(error)

    def get(self, block: bool = True, timeout: Optional[float] = None) -> BaseException:
        return self._errors_queue.get(block=block, timeout=timeout)


class ErrorsMonitor(threading.Thread):
    def __init__(self, errors_queue: ErrorsQueue) -> None:
        super().__init__(name="ErrorsMonitor", daemon=True)
        self._errors_queue = errors_queue
        self._is_running = True

    def run(self) -> None:
        while self._is_running:
            try:
                error = self._errors_queue.get(timeout=0.1)
            except queue.Empty:
                continue
            logger.error("Neptune error: %s", error)

    def interrupt(self) -> None:
        self._is_running = False


class SyncProcess(Process):
    def __init__(self, errors_queue: ErrorsQueue, api_token: str, family: str) -> None:
        super().__init__(name="SyncProcess")
        self._errors_queue = errors_queue
        self._api_token = api_token
        self._family = family

    def run(self) -> None:
        logger.info("Data synchronization started")
        # uploads operations; reports failures back through the errors queue
        self._errors_queue.put(RuntimeError("sync finished"))


class Run:
    def __init__(self, *, api_token: str, family: str) -> None:
        self._lock = threading.RLock()
        self._errors_queue = ErrorsQueue()
        self._errors_monitor = ErrorsMonitor(errors_queue=self._errors_queue)

        self._sync_process = SyncProcess(
            errors_queue=self._errors_queue,
            api_token=api_token,
            family=family,
        )

        self._errors_monitor.start()
        with self._lock:
            self._sync_process.start()

        self._exit_func = atexit.register(self._close)

    def _close(self) -> None:
        with self._lock:
            if self._sync_process.is_alive():
                self._sync_process.join(timeout=5)
            self._errors_monitor.interrupt()
            self._errors_monitor.join()


if __name__ == "__main__":
    run = Run(api_token="token", family="run-1")
    run._close()
