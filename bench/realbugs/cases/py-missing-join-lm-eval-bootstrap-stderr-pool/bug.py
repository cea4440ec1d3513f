# lm_eval/api/metrics.py (reduced)
import math
import os
import random
from typing import Callable, List, Optional, Sequence, TypeVar

T = TypeVar("T")


def mean(arr):
    return sum(arr) / len(arr)


def median(arr):
    return arr[len(arr) // 2]


def sample_stddev(arr: Sequence[float]) -> float:
    mu = mean(arr)
    return math.sqrt(sum([(x - mu) ** 2 for x in arr]) / (len(arr) - 1))


def mean_stderr(arr):
    return sample_stddev(arr) / math.sqrt(len(arr))


# stderr stuff


class _bootstrap_internal:
    """
    Pool worker: `(i, xs)` -> `n` bootstrap replicates
    of `f(xs)` using a RNG seeded with `i`.
    """

    def __init__(self, f: Callable[[Sequence[T]], float], n: int) -> None:
        self.f = f
        self.n = n

    def __call__(self, v: tuple) -> List[float]:
        i, xs = v
        rnd = random.Random()
        rnd.seed(i)
        res = []
        for _ in range(self.n):
            res.append(self.f(rnd.choices(xs, k=len(xs))))
        return res


def _bootstrap_internal_no_mp(
    f: Callable[[Sequence[T]], float], xs: Sequence[T], iters: int
) -> List[float]:
    res = []
    chunk_size = min(1000, iters)
    for i in range(iters // chunk_size):
        rnd = random.Random(i)
        for _ in range(chunk_size):
            res.append(f(rnd.choices(xs, k=len(xs))))
    return res


def bootstrap_stderr(
    f: Callable[[Sequence[T]], float], xs: Sequence[T], iters: int
) -> float:
    """
    Bootstrap estimate of the standard error of statistic `f(xs)`
    using up to `iters` resamples, chunked (<= 1000 draws)

    Executes in parallel unless the env-var `DISABLE_MULTIPROC` is set;
    """
    if not os.getenv("DISABLE_MULTIPROC"):
        import multiprocessing as mp

        pool = mp.Pool(mp.cpu_count())
        res = []
        chunk_size = min(1000, iters)
        print("bootstrapping for stddev:", f.__name__)
        for bootstrap in pool.imap(
            _bootstrap_internal(f, chunk_size),
            [(i, xs) for i in range(iters // chunk_size)],
        ):
            # sample w replacement
            res.extend(bootstrap)

        pool.close()
    else:
        res = _bootstrap_internal_no_mp(f, xs, iters)

    return sample_stddev(res)


def stderr_for_metric(
    metric: Callable[[Sequence[T]], float], bootstrap_iters: int
) -> Optional[Callable[[Sequence[T]], float]]:
    if bootstrap_iters <= 0:
        return None

    bootstrappable = [median]

    if metric in bootstrappable:
        return lambda x: bootstrap_stderr(metric, x, iters=bootstrap_iters)

    stderr = {mean: mean_stderr}

    return stderr.get(metric, None)


if __name__ == "__main__":
    # evaluator: one bootstrap per (task, metric) -> a new pool each time
    for task in range(4):
        fn = stderr_for_metric(median, bootstrap_iters=2000)
        print(task, fn([random.random() for _ in range(200)]))
