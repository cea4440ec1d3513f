"""aiohttp 3.6 BaseConnector (aiohttp/connector.py, reduced): connection limit with waiters."""
import asyncio
import random
from collections import defaultdict, deque


class Connection:
    def __init__(self, connector, key, protocol):
        self._connector = connector
        self._key = key
        self._protocol = protocol

    def release(self):
        self._connector._release(self._key, self._protocol)


class BaseConnector:
    def __init__(self, *, limit=100, limit_per_host=0, loop=None):
        self._loop = loop or asyncio.get_event_loop()
        self._limit = limit
        self._limit_per_host = limit_per_host
        self._acquired = set()
        self._acquired_per_host = defaultdict(set)
        self._waiters = defaultdict(deque)
        self._conns = {}
        self.max_seen = 0

    def _available_connections(self, key):
        if self._limit:
            available = self._limit - len(self._acquired)
            if self._limit_per_host and available > 0 and key in self._acquired_per_host:
                acquired = self._acquired_per_host.get(key)
                available = self._limit_per_host - len(acquired)
        elif self._limit_per_host and key in self._acquired_per_host:
            available = self._limit_per_host - len(self._acquired_per_host[key])
        else:
            available = 1
        return available

    async def connect(self, key):
        """Get from pool or create new connection."""
        available = self._available_connections(key)

        # Wait if there are no available connections.
        if available <= 0:
            fut = self._loop.create_future()
            waiters = self._waiters[key]
            waiters.append(fut)
            try:
                await fut
            except BaseException:
                try:
                    waiters.remove(fut)
                except ValueError:  # fut may no longer be in list
                    pass
                raise
            finally:
                if not waiters:
                    self._waiters.pop(key, None)

        proto = self._get(key)
        if proto is None:
            proto = await self._create_connection(key)
        self._acquired.add(proto)
        self._acquired_per_host[key].add(proto)
        self.max_seen = max(self.max_seen, len(self._acquired))
        return Connection(self, key, proto)

    def _get(self, key):
        return self._conns.pop(key, None)

    async def _create_connection(self, key):
        await asyncio.sleep(0)
        return object()

    def _release_waiter(self):
        if not self._waiters:
            return
        queues = list(self._waiters.keys())
        random.shuffle(queues)
        for key in queues:
            if self._available_connections(key) < 1:
                continue
            waiters = self._waiters[key]
            while waiters:
                waiter = waiters.popleft()
                if not waiter.done():
                    waiter.set_result(None)
                    return

    def _release(self, key, protocol):
        self._acquired.discard(protocol)
        self._acquired_per_host[key].discard(protocol)
        if not self._acquired_per_host[key]:
            del self._acquired_per_host[key]
        self._conns[key] = protocol
        self._release_waiter()


async def main():
    bc = BaseConnector(limit=1)
    key = ("example.com", 443, True)

    async def request():
        conn = await bc.connect(key)
        await asyncio.sleep(0.01)
        conn.release()

    con1 = await bc.connect(key)
    task2 = asyncio.ensure_future(request())  # joins the waiters queue
    await asyncio.sleep(0)
    con1.release()                            # wakes task2 via set_result
    con3 = await bc.connect(key)              # takes the slot before task2 resumes
    await asyncio.sleep(0.02)
    con3.release()
    await asyncio.wait_for(task2, 2)
    print("limit=1, connections held at once:", bc.max_seen)


if __name__ == "__main__":
    asyncio.run(main())
