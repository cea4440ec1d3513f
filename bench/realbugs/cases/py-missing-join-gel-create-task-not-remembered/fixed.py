"""Reduced from geldata/gel (edgedb server): when a client connection is
lost the protocol schedules the backend-connection cleanup with
loop.create_task() and drops the Task, so it can be garbage collected
mid-execution and is never awaited on shutdown."""
import asyncio


class BackendPool:
    def __init__(self):
        self.released = []

    async def release(self, conn_id):
        await asyncio.sleep(0.05)
        self.released.append(conn_id)


class FrontendConnection(asyncio.Protocol):
    def __init__(self, loop, pool, conn_id, tasks):
        self._loop = loop
        self._pool = pool
        self._conn_id = conn_id
        self._tasks = tasks

    async def _cleanup(self):
        await self._pool.release(self._conn_id)

    def connection_lost(self, exc):
        # remember the task until it is done
        task = self._loop.create_task(self._cleanup())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


async def main():
    loop = asyncio.get_running_loop()
    pool = BackendPool()
    tasks = set()
    conns = [FrontendConnection(loop, pool, i, tasks) for i in range(5)]
    for conn in conns:
        conn.connection_lost(None)
    await asyncio.gather(*tasks)
    print("released:", pool.released)


if __name__ == "__main__":
    asyncio.run(main())
