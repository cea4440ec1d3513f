"""loguru: Handler.complete_async() awaits the sink's tasks inside the handler's threading lock."""
import asyncio
import threading
from contextlib import contextmanager


class AsyncSink:
    def __init__(self, function, loop):
        self._function = function
        self._loop = loop
        self._tasks = set()

    def write(self, message):
        coro = self._function(message)
        task = self._loop.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def complete_async(self):
        for task in list(self._tasks):
            await task


class Handler:
    def __init__(self, sink, enqueue=False):
        self._sink = sink
        self._enqueue = enqueue
        self._own_queue = False
        self._lock = threading.Lock()
        self._lock_acquired = threading.local()

    @contextmanager
    def _protected_lock(self):
        """Acquire the lock, but fail fast if it is already acquired by the current thread."""
        if getattr(self._lock_acquired, "acquired", False):
            raise RuntimeError("Could not acquire internal lock because it was already in use")
        self._lock_acquired.acquired = True
        try:
            with self._lock:
                yield
        finally:
            self._lock_acquired.acquired = False

    def emit(self, message):
        with self._protected_lock():
            self._sink.write(message)

    async def complete_async(self):
        if self._enqueue and self._own_queue:
            return
        with self._protected_lock():
            await self._sink.complete_async()


async def main():
    received = []

    async def sink(message):
        await asyncio.sleep(0.01)
        received.append(message)

    handler = Handler(AsyncSink(sink, asyncio.get_running_loop()))
    handler.emit("start")
    await handler.complete_async()
    print(received)


if __name__ == "__main__":
    asyncio.run(main())
