import asyncio
from contextlib import asynccontextmanager


class ReadWriteLock:
    """Writer-preferring asyncio read/write lock (non-reentrant)."""

    def __init__(self):
        self._readers = 0
        self._read_gate = asyncio.Lock()
        self._writer_lock = asyncio.Lock()

    @asynccontextmanager
    async def read_lock(self):
        async with self._read_gate:
            self._readers += 1
            if self._readers == 1:
                await self._writer_lock.acquire()
        try:
            yield
        finally:
            self._readers -= 1
            if self._readers == 0:
                self._writer_lock.release()

    @asynccontextmanager
    async def write_lock(self):
        async with self._read_gate:
            await self._writer_lock.acquire()
        try:
            yield
        finally:
            self._writer_lock.release()


class ShortTermMemory:
    def __init__(self):
        self._lock = ReadWriteLock()
        self._episodes = []
        self._summary = ""
        self._summary_task = None

    async def add_episode(self, episode):
        async with self._lock.write_lock():
            self._episodes.append(episode)

    async def _wait_for_summary_to_finish(self):
        async with self._lock.read_lock():
            task = self._summary_task
        if task is not None:
            await task

    async def get_summary(self):
        await self._wait_for_summary_to_finish()
        return self._summary

    async def get_short_term_memory_context(self):
        async with self._lock.read_lock():
            episodes = list(self._episodes)
            await asyncio.sleep(0.1)  # formatting / token counting
            task = self._summary_task  # read under the lock already held
        # wait for the summary only after the read lock has been released
        if task is not None:
            await task
        return episodes, self._summary


async def main():
    memory = ShortTermMemory()
    search = asyncio.create_task(memory.get_short_term_memory_context())
    await asyncio.sleep(0.01)
    add = asyncio.create_task(memory.add_episode("hello"))
    done, pending = await asyncio.wait({search, add}, timeout=2)
    print("finished:", len(done), "stuck:", len(pending))
    for task in pending:
        task.cancel()


if __name__ == "__main__":
    asyncio.run(main())
