"""Reduced from texttheater/produce issue #35 (hang: target lock vs. job semaphore)."""
import threading


class Production:
    def __init__(self, jobs: int):
        # limits the number of recipes running at once (-j)
        self.semaphore = threading.BoundedSemaphore(jobs)
        self.target_locks = {}
        self.locks_lock = threading.Lock()
        self.done = set()

    def target_lock(self, target: str) -> threading.Lock:
        with self.locks_lock:
            return self.target_locks.setdefault(target, threading.Lock())

    def run_recipe(self, target: str):
        self.done.add(target)

    def build_dependency(self, target: str):
        # called for a prerequisite; takes the target lock first, then a job slot
        with self.target_lock(target):
            if target in self.done:
                return
            with self.semaphore:
                self.run_recipe(target)

    def build_target(self, target: str):
        # recent change: the job slot is taken first, then the target lock
        with self.semaphore:
            with self.target_lock(target):
                if target not in self.done:
                    self.run_recipe(target)


def main():
    prod = Production(jobs=1)
    a = threading.Thread(target=prod.build_target, args=("out/auto.der.xml",))
    b = threading.Thread(target=prod.build_dependency, args=("out/auto.der.xml",))
    a.start()
    b.start()
    a.join()
    b.join()
    print(sorted(prod.done))


if __name__ == "__main__":
    main()
