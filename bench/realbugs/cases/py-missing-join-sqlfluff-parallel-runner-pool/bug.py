"""Reduction of sqlfluff.core.linter.runner (sqlfluff/sqlfluff#7686)."""
import functools
import logging
import multiprocessing
import multiprocessing.pool
import signal
from collections.abc import Iterable, Iterator
from typing import Callable

linter_logger = logging.getLogger("sqlfluff.linter")


def lint_rendered(fname, fix):
    return {"path": fname, "violations": [] if fix else ["LT01"]}


class DelayedException(Exception):
    def __init__(self, ee, fname=None):
        self.ee = ee
        self.fname = fname
        super().__init__(str(ee))


class BaseRunner:
    def __init__(self, config):
        self.config = config

    def iter_partials(self, fnames, fix=False):
        for fname in fnames:
            yield fname, functools.partial(lint_rendered, fname, fix)

    @classmethod
    def _init_global(cls) -> None:
        pass


class ParallelRunner(BaseRunner):
    POOL_TYPE: Callable[..., multiprocessing.pool.Pool]

    def __init__(self, config, processes: int) -> None:
        super().__init__(config)
        self.processes = processes

    def run(self, fnames: list[str], fix: bool) -> Iterator[dict]:
        with self._create_pool(
            self.processes,
            self._init_global,
        ) as pool:
            try:
                for lint_result in self._map(
                    pool,
                    self._apply,
                    self.iter_partials(fnames, fix=fix),
                ):
                    if isinstance(lint_result, DelayedException):
                        linter_logger.warning("Unable to lint %s", lint_result.fname)
                    else:
                        yield lint_result
            except KeyboardInterrupt:  # pragma: no cover
                print("Received keyboard interrupt. Cleaning up and shutting down...")
                pool.terminate()

    @staticmethod
    def _apply(partial_tuple):
        fname, partial = partial_tuple
        try:
            return partial()
        except Exception as e:
            return DelayedException(e, fname=fname)

    @classmethod
    def _create_pool(cls, processes: int, initializer: Callable[[], None]) -> multiprocessing.pool.Pool:
        return cls.POOL_TYPE(processes=processes, initializer=initializer)


class MultiProcessRunner(ParallelRunner):
    POOL_TYPE = multiprocessing.get_context("spawn").Pool

    @classmethod
    def _init_global(cls) -> None:  # pragma: no cover
        super()._init_global()
        signal.signal(signal.SIGINT, signal.SIG_IGN)

    @classmethod
    def _map(cls, pool, func, iterable: Iterable):
        return pool.imap_unordered(func=func, iterable=iterable)


def lint_paths(runner, fnames):
    results = []
    for linted in runner.run(fnames, fix=False):
        results.append(linted)
        if len(results) == 3:
            break  # early exit (e.g. --bench / first failure): GeneratorExit in run()
    return results


if __name__ == "__main__":
    runner = MultiProcessRunner(config={}, processes=2)
    print(lint_paths(runner, [f"model_{i}.sql" for i in range(10)]))
