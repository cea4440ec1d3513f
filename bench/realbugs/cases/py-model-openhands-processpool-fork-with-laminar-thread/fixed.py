"""OpenHands benchmarks evaluation: the process pool forks a parent that already runs exporter threads."""
import multiprocessing
import threading
import time
from abc import ABC, abstractmethod
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import List


class LaminarService:
    """Process-wide tracing client; initialize() starts a background span exporter."""

    _instance = None

    def __init__(self):
        self._lock = threading.Lock()
        self._spans: list = []
        self._exporter = None

    @classmethod
    def get(cls) -> "LaminarService":
        if cls._instance is None:
            cls._instance = cls()
        return cls._instance

    def initialize(self) -> None:
        self._exporter = threading.Thread(target=self._export_loop, daemon=True)
        self._exporter.start()

    def _export_loop(self) -> None:
        while True:
            with self._lock:
                batch, self._spans = self._spans, []
                time.sleep(0.05)  # POST the batch to the collector
            time.sleep(0.001)

    def start_span(self, name: str) -> None:
        with self._lock:
            self._spans.append(name)


class Evaluation(ABC):
    """Abstract orchestrator for instance processing (process-based)."""

    def __init__(self, num_workers: int = 2, timeout: float = 5.0):
        self.num_workers = num_workers
        self.timeout = timeout

    @abstractmethod
    def prepare_instances(self) -> List[str]:
        raise NotImplementedError

    @abstractmethod
    def evaluate_instance(self, instance: str) -> str:
        raise NotImplementedError

    def _process_one_mp(self, instance: str, attempt: int) -> str:
        """Runs in the worker process."""
        LaminarService.get().start_span(f"{instance}#{attempt}")
        return self.evaluate_instance(instance)

    def _run_iterative_mode(self) -> List[str]:
        all_instances = self.prepare_instances()
        LaminarService.get().initialize()
        outputs: List[str] = []
        attempt = 1
        # Use 'spawn' instead of 'fork': the parent already runs threads (the Laminar
        # exporter) and a forked child would inherit their locks in the held state.
        mp_context = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(max_workers=self.num_workers, mp_context=mp_context)
        futures: list[Future] = []
        try:
            for inst in all_instances:
                futures.append(pool.submit(self._process_one_mp, inst, attempt))
            pending = set(futures)
            while pending:
                done, pending = wait(pending, timeout=self.timeout, return_when=FIRST_COMPLETED)
                if not done:
                    print(f"stuck: {len(pending)} instances never finished")
                    break
                outputs.extend(f.result() for f in done)
        finally:
            workers = list((pool._processes or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for proc in workers:
                proc.kill()
        return outputs

    def run(self) -> List[str]:
        return self._run_iterative_mode()


class SWEBenchEvaluation(Evaluation):
    def prepare_instances(self) -> List[str]:
        return [f"django__django-{n}" for n in range(4)]

    def evaluate_instance(self, instance: str) -> str:
        return f"{instance}: resolved"


if __name__ == "__main__":
    print(SWEBenchEvaluation().run())
