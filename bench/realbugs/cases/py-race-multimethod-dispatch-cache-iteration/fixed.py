"""multimethod: reduction of multimethod/__init__.py (dispatch cache).

A multimethod is a dict from type signatures to functions.  On a cache
miss __missing__ scans the registered signatures for the best match and
caches the result under the concrete call signature.
"""
import threading


class multimethod(dict):
    def __init__(self, func):
        super().__init__()
        self.lock = threading.RLock()
        self.__name__ = func.__name__
        self[(object,)] = func

    def register(self, *types):
        def deco(func):
            with self.lock:
                self[types] = func
            return func
        return deco

    def parents(self, types):
        # callers hold self.lock, so no insertion happens during the scan
        return {key for key in self
                if all(issubclass(t, k) for t, k in zip(types, key))}

    def __missing__(self, types):
        with self.lock:
            if dict.__contains__(self, types):
                return dict.__getitem__(self, types)
            parents = self.parents(types)
            best = max(parents,
                       key=lambda key: sum(len(k.__mro__) for k in key))
            func = self[types] = dict.__getitem__(self, best)
            return func

    def __call__(self, *args):
        func = self[tuple(type(arg) for arg in args)]
        return func(*args)


@multimethod
def describe(obj):
    return 'object'


@describe.register(int)
def _(obj):
    return 'int'


def worker(n):
    for i in range(2000):
        # each new class is a cache miss that writes into the dict
        cls = type('C%d_%d' % (n, i), (int,), {})
        describe(cls(i))


if __name__ == '__main__':
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(len(describe))
