"""lazyflow: reduction of lazyflow/operators/opArrayCache.py (OpArrayCache) and the
ArrayCacheMemoryMgr thread that frees caches under memory pressure.

numpy arrays are replaced by bytearrays/lists; the locking is upstream's.
"""
import logging
import sys
import threading
import time
from threading import Lock

logger = logging.getLogger(__name__)


class ArrayCacheMemoryMgr(threading.Thread):
    """Background thread that asks registered caches to free their memory."""

    def __init__(self):
        threading.Thread.__init__(self)
        self.daemon = True
        self.caches = []
        self.rounds = 0

    def add(self, cache):
        if cache not in self.caches:
            self.caches.append(cache)

    def run(self):
        while self.rounds < 2000:
            for c in list(self.caches):
                c._freeMemory()
            self.rounds += 1


class OpArrayCache(object):
    name = "ArrayCache"

    loggingName = __name__ + ".OpArrayCache"
    logger = logging.getLogger(loggingName)

    # Block states
    IN_PROCESS = 0
    DIRTY = 1
    CLEAN = 2

    def __init__(self, shape, memory_manager):
        self.shape = shape
        self._origBlockShape = 64
        self._blockState = None
        self._cache = None
        self._lock = Lock()
        #self._cacheLock = request.Lock()#greencall.Lock()
        self._cacheLock = Lock()
        self._lazyAlloc = False
        self._cacheHits = 0
        self._memory_manager = memory_manager
        self._running = 0

    def _memorySize(self):
        if self._cache is not None:
            return len(self._cache)
        else:
            return 0

    def _freeMemory(self, refcheck = True):
        with self._cacheLock:
            freed  = self._memorySize()
            if self._cache is not None:
                fshape = len(self._cache)
                if freed > 0:
                    self.logger.debug("OpArrayCache: freed cache of shape:{}".format(fshape))

                    self._lock.acquire()
                    self._blockState[:] = [OpArrayCache.DIRTY] * len(self._blockState)
                    del self._cache
                    self._cache = None
                    self._lock.release()
            return freed

    def _allocateManagementStructures(self):
        self._blockState = [OpArrayCache.DIRTY] * 4

    def _allocateCache(self):
        with self._cacheLock:
            self._running = 0

            if self._cache is None or (len(self._cache) != self.shape):
                mem = bytearray(self.shape)
                self.logger.debug("OpArrayCache: Allocating cache (size: %dbytes)" % len(mem))
                if self._blockState is None:
                    self._allocateManagementStructures()
                self._cache = mem
        self._memory_manager.add(self)

    def setupOutputs(self, newBShape):
        reconfigure = False
        if self._origBlockShape != newBShape:
            reconfigure = True
        self._origBlockShape = newBShape

        if reconfigure and self.shape is not None:
            self._lock.acquire()
            self._allocateManagementStructures()
            if not self._lazyAlloc:
                self._allocateCache()
            self._lock.release()

    def _executeOutput(self, start, stop):
        self._lock.acquire()

        ch = self._cacheHits
        ch += 1
        self._cacheHits = ch

        self._running += 1

        if self._cache is None:
            self._allocateCache()

        cacheView = self._cache[:] #prevent freeing of cache during running this function
        result = bytes(cacheView[start:stop])
        self._blockState[:] = [OpArrayCache.CLEAN] * len(self._blockState)
        self._running -= 1
        cacheView = None
        self._lock.release()
        return result


def main():
    sys.setswitchinterval(1e-6)  # make the interleaving likely in a short run
    mgr = ArrayCacheMemoryMgr()
    op = OpArrayCache(1 << 16, mgr)
    op._executeOutput(0, 10)
    mgr.start()

    def reader():
        for i in range(2000):
            op.setupOutputs(32 if i % 2 else 64)
            op._executeOutput(0, 10)

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    t.join(timeout=5)
    mgr.join(timeout=1)
    stuck = t.is_alive() or mgr.is_alive()
    print("deadlock: reader and memory manager stuck" if stuck else "finished without deadlock")


if __name__ == "__main__":
    main()
