"""petals MemoryCache: connection-handler processes update a shared mp.Value with +=."""
import asyncio
import contextlib
import ctypes
import multiprocessing as mp


class MemoryCache:
    """A cache shared by the runtime and every ConnectionHandler process."""

    def __init__(self, max_size_bytes):
        self.max_size_bytes = max_size_bytes
        self._lock_metadata = mp.Lock()
        self._current_size = mp.Value(ctypes.c_int64, 0, lock=False)
        self._enqueued_size = mp.Value(ctypes.c_int64, 0, lock=True)

    @property
    def current_size_bytes(self):
        return self._current_size.value

    @current_size_bytes.setter
    def current_size_bytes(self, value):
        self._current_size.value = value

    @property
    def enqueued_size_bytes(self):
        return self._enqueued_size.value

    @enqueued_size_bytes.setter
    def enqueued_size_bytes(self, value):
        self._enqueued_size.value = value

    @contextlib.asynccontextmanager
    async def _wait_for_free_memory(self, alloc_size):
        self.enqueued_size_bytes += alloc_size
        try:
            if self.current_size_bytes + self.enqueued_size_bytes > self.max_size_bytes:
                await asyncio.sleep(0)  # wait for a free
            yield
        finally:
            self.enqueued_size_bytes -= alloc_size

    async def allocate_cache(self, alloc_size):
        async with self._wait_for_free_memory(alloc_size):
            with self._lock_metadata:
                self.current_size_bytes += alloc_size
        with self._lock_metadata:
            self.current_size_bytes -= alloc_size


def connection_handler(cache, requests):
    async def serve():
        for _ in range(requests):
            await cache.allocate_cache(1024)
    asyncio.run(serve())


if __name__ == "__main__":
    cache = MemoryCache(max_size_bytes=2**30)
    handlers = [mp.Process(target=connection_handler, args=(cache, 5000)) for _ in range(4)]
    for h in handlers:
        h.start()
    for h in handlers:
        h.join()
    print("enqueued bytes after all requests:", cache.enqueued_size_bytes)
