"""h5py 3.6 Dataset: lazily cached extent type guarded by the global `phil` lock.

Reduction of h5py/_hl/dataset.py + h5py/_objects.pyx (phil / with_phil).
"""
import threading
from functools import wraps

# h5py._objects: one process-wide lock around every HDF5 library call
phil = threading.RLock()


def with_phil(func):
    """Locking decorator (h5py._objects.with_phil)."""
    @wraps(func)
    def wrapper(*args, **kwds):
        with phil:
            return func(*args, **kwds)
    return wrapper


class cached_property:
    """Lock-free cached_property (h5py._hl.base.cached_property); phil is the only lock."""
    def __init__(self, func):
        self.func = func
        self.__doc__ = func.__doc__

    def __get__(self, obj, cls):
        if obj is None:
            return self
        value = obj.__dict__[self.func.__name__] = self.func(obj)
        return value


class h5s:
    NULL = 0
    SIMPLE = 1


class SpaceID:
    def __init__(self, shape):
        self.shape = shape

    def get_simple_extent_type(self):
        return h5s.NULL if self.shape is None else h5s.SIMPLE


class DatasetID:
    def __init__(self, shape):
        self._shape = shape

    def get_space(self):
        return SpaceID(self._shape)


class Dataset:
    def __init__(self, bind, readonly=True):
        self.id = bind
        self._readonly = readonly
        self._cache_props = {}

    @cached_property
    @with_phil
    def _extent_type(self):
        """Get extent type for this dataset - SIMPLE, SCALAR or NULL"""
        return self.id.get_space().get_simple_extent_type()

    @property
    @with_phil
    def _is_empty(self):
        """Check if extent type is empty"""
        return self._extent_type == h5s.NULL

    @property
    def shape(self):
        """Numpy-style shape tuple giving dataset dimensions"""
        if 'shape' in self._cache_props:
            return self._cache_props['shape']
        with phil:
            if self._is_empty:
                shape = None
            else:
                shape = self.id._shape
        if self._readonly:
            self._cache_props['shape'] = shape
        return shape

    @property
    def size(self):
        """Numpy-style attribute giving the total dataset size"""
        if 'size' in self._cache_props:
            return self._cache_props['size']
        if self._extent_type == h5s.NULL:
            size = None
        else:
            size = 1
            for n in self.shape:
                size *= n
        if self._readonly:
            self._cache_props['size'] = size
        return size


def reader(datasets, attr):
    for ds in datasets:
        getattr(ds, attr)


if __name__ == "__main__":
    dsets = [Dataset(DatasetID((4, 4))) for _ in range(2000)]
    t1 = threading.Thread(target=reader, args=(dsets, "size"), daemon=True)
    t2 = threading.Thread(target=reader, args=(dsets, "shape"), daemon=True)
    t1.start(); t2.start()
    t1.join(5); t2.join(5)
    print("hung" if t1.is_alive() or t2.is_alive() else "ok")
