import asyncio
import queue
from threading import Thread


def set_result(fut, result):
    if not fut.done():
        fut.set_result(result)


class ThreadExecutor(Thread):
    def __init__(self, loop=None, **kwargs):
        super().__init__(**kwargs)
        self.queue = queue.SimpleQueue()
        self.loop = loop or asyncio.get_event_loop()
        self._shutdown = None

    def run(self):
        while True:
            fut, func, args, kwargs = self.queue.get()
            if func is None:
                self.loop.call_soon_threadsafe(set_result, fut, None)
                break
            try:
                result = func(*args, **kwargs)
            except BaseException as exc:
                self.loop.call_soon_threadsafe(fut.set_exception, exc)
            else:
                self.loop.call_soon_threadsafe(set_result, fut, result)

    def submit(self, func, *args, **kwargs):
        fut = self.loop.create_future()
        self.queue.put_nowait((fut, func, args, kwargs))
        return fut

    def shutdown(self):
        if self._shutdown is None:
            self._shutdown = self.loop.create_future()
            self.queue.put_nowait((self._shutdown, None, None, None))
        return self._shutdown


class MultiThreadExecutor:
    def __init__(self, size=3):
        self.size = size
        self.threads = []

    def start(self, prefix='MultiThreadExecutor'):
        while len(self.threads) < self.size:
            thread = ThreadExecutor(name='%s-%d' % (prefix, len(self.threads) + 1))
            thread.start()
            self.threads.append(thread)

    def submit(self, func, *args, index=0):
        return self.threads[index % self.size].submit(func, *args)

    async def shutdown(self):
        while self.threads:
            thread = self.threads.pop()
            await thread.shutdown()
            thread.join()


async def main():
    executor = MultiThreadExecutor(size=3)
    executor.start()
    results = await asyncio.gather(*(executor.submit(pow, i, 2, index=i) for i in range(6)))
    print(results)
    await executor.shutdown()


if __name__ == '__main__':
    asyncio.run(main())
