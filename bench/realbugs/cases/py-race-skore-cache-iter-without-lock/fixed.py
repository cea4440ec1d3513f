"""skore/_utils/_cache.py (probabl-ai/skore) plus a reduced EstimatorReport
that fills the cache from worker threads while the caller iterates it."""
from collections import UserDict
from functools import wraps
from threading import RLock, Thread
from typing import Any


def method_with_explicit_lock(method):
    @wraps(method)
    def wrapper(self, *args, **kwargs):
        self.__lock__.acquire()

        try:
            return method(self, *args, **kwargs)
        finally:
            self.__lock__.release()

    return wrapper


def method_generator_with_explicit_lock(method):
    @wraps(method)
    def wrapper(self, *args, **kwargs):
        self.__lock__.acquire()

        try:
            yield from method(self, *args, **kwargs)
        finally:
            self.__lock__.release()

    return wrapper


class Cache(UserDict[tuple[Any, ...], Any]):
    """Thread-safe cache based on ``dict``, with a lock on write/delete/iter."""

    __delitem__ = method_with_explicit_lock(UserDict.__delitem__)
    __iter__ = method_generator_with_explicit_lock(UserDict.__iter__)
    __setitem__ = method_with_explicit_lock(UserDict.__setitem__)
    clear = method_with_explicit_lock(UserDict.clear)
    pop = method_with_explicit_lock(UserDict.pop)
    popitem = method_with_explicit_lock(UserDict.popitem)
    update = method_with_explicit_lock(UserDict.update)

    def __init__(self, *args, **kwargs):
        self.__lock__ = RLock()
        super().__init__(*args, **kwargs)

    def __getstate__(self):
        return self.data.copy()

    def __setstate__(self, state):
        if not hasattr(self, "__lock__"):
            self.__lock__ = RLock()

        self.data = state


class EstimatorReport:
    def __init__(self, estimator, X_test, y_test):
        self.estimator_ = estimator
        self._X_test, self._y_test = X_test, y_test
        self._cache = Cache()

    def _compute_metric(self, name, data_source):
        key = (id(self.estimator_), name, data_source)
        value = sum(self._y_test) / (len(self._y_test) or 1)
        self._cache[key] = value
        return value

    def cached_metric_names(self):
        """Used by the report's repr/help while the cache may still be filling."""
        return sorted({key[1] for key in self._cache})


def summarize(report, metrics=("accuracy", "precision", "recall", "roc_auc")):
    """Warm the cache (one worker thread per metric, as joblib's threading
    backend does) while the report's repr lists what is already cached."""
    workers = [
        Thread(target=report._compute_metric, args=(name, "test")) for name in metrics
    ]
    for worker in workers:
        worker.start()
    names = report.cached_metric_names()
    for worker in workers:
        worker.join()
    return names
