"""Reduced from meta-pytorch/torchrec: the parallelized sharding planner
fans candidate plans out to a multiprocessing.Pool and returns the best
one, but never closes or joins the pool."""
import multiprocessing
from dataclasses import dataclass


@dataclass
class ShardingPlan:
    name: str
    cost: float


def _evaluate(candidate):
    name, tables = candidate
    cost = sum(rows * dim for rows, dim in tables) / 1e6
    return ShardingPlan(name=name, cost=cost)


class ParallelizedPlanner:
    def __init__(self, num_workers=4):
        self._num_workers = num_workers

    def plan(self, candidates):
        pool = multiprocessing.Pool(self._num_workers)
        try:
            plans = pool.map(_evaluate, candidates)
        finally:
            pool.close()
            pool.join()
        best = min(plans, key=lambda p: p.cost)
        return best


def main():
    candidates = [
        ("table_wise", [(1000, 64), (2000, 128)]),
        ("row_wise", [(500, 64), (1000, 128)]),
        ("column_wise", [(1000, 32), (2000, 64)]),
    ]
    planner = ParallelizedPlanner()
    for _ in range(3):
        print(planner.plan(candidates))


if __name__ == "__main__":
    main()
