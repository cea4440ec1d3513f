import multiprocessing
import sys


class ProgressBar:
    """Console progress bar (astropy.utils.console.ProgressBar)."""

    def __init__(self, total_or_items, file=None):
        self._total = len(total_or_items) if hasattr(total_or_items, "__len__") else total_or_items
        self._file = file or sys.stdout
        self._current = 0

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self._file.write("\n")
        self._file.flush()

    def update(self, value=None):
        if value is None:
            value = self._current + 1
        self._current = value
        frac = float(value) / max(self._total, 1)
        self._file.write("\r|{0:<40}| {1:3.0f}%".format("=" * int(frac * 40), frac * 100))
        self._file.flush()

    @classmethod
    def map(cls, function, items, multiprocess=False, file=None):
        results = []
        with cls(len(items), file=file) as bar:
            step_size = max(200, bar._total // 100)
            if not multiprocess:
                for i, item in enumerate(items):
                    results.append(function(item))
                    if (i % step_size) == 0:
                        bar.update(i)
            else:
                p = multiprocessing.Pool()
                try:
                    for i, result in enumerate(p.imap_unordered(function, items, chunksize=step_size)):
                        bar.update(i)
                        results.append(result)
                finally:
                    p.close()
                    p.join()
        return results


def square(x):
    return x * x


if __name__ == "__main__":
    out = ProgressBar.map(square, list(range(5000)), multiprocess=True)
    print(sum(out))
