"""aiohttp BaseConnector.connect (3.7, reduced): limit / limit_per_host bookkeeping with tracing on."""
import asyncio
from collections import defaultdict, deque
from typing import Any, DefaultDict, Deque, Dict, List, Optional, Set, cast


class ResponseHandler:
    def __init__(self, key: str) -> None:
        self.key = key

    def is_connected(self) -> bool:
        return True


class _TransportPlaceholder:
    def close(self) -> None:
        pass


class Trace:
    """on_connection_reuseconn signal: user callbacks awaited by the connector."""

    def __init__(self, callbacks: List[Any]) -> None:
        self._callbacks = callbacks

    async def send_connection_reuseconn(self) -> None:
        for cb in self._callbacks:
            await cb()

    async def send_connection_create_start(self) -> None:
        await asyncio.sleep(0)


class Connection:
    def __init__(self, connector: "BaseConnector", key: str, protocol: ResponseHandler) -> None:
        self._connector = connector
        self._key = key
        self._protocol = protocol

    def release(self) -> None:
        self._connector._release(self._key, self._protocol)


class BaseConnector:
    def __init__(self, limit: int = 100, limit_per_host: int = 0) -> None:
        self._limit = limit
        self._limit_per_host = limit_per_host
        self._conns: Dict[str, List[ResponseHandler]] = {}
        self._acquired: Set[Any] = set()
        self._acquired_per_host: DefaultDict[str, Set[Any]] = defaultdict(set)
        self._waiters: DefaultDict[str, Deque[asyncio.Future]] = defaultdict(deque)
        self.peak = 0

    def _available_connections(self, key: str) -> int:
        available = self._limit - len(self._acquired) if self._limit else 1
        if self._limit_per_host and available > 0 and key in self._acquired_per_host:
            available = self._limit_per_host - len(self._acquired_per_host[key])
        return available

    def _get(self, key: str) -> Optional[ResponseHandler]:
        conns = self._conns.get(key)
        if conns:
            return conns.pop()
        return None

    async def _create_connection(self, key: str) -> ResponseHandler:
        await asyncio.sleep(0.01)
        return ResponseHandler(key)

    async def connect(self, key: str, traces: List[Trace]) -> Connection:
        available = self._available_connections(key)
        if available <= 0 or key in self._waiters:
            fut = asyncio.get_running_loop().create_future()
            self._waiters[key].append(fut)
            try:
                await fut
            finally:
                if key in self._waiters and not self._waiters[key]:
                    del self._waiters[key]

        proto = self._get(key)
        if proto is None:
            placeholder = cast(ResponseHandler, _TransportPlaceholder())
            self._acquired.add(placeholder)
            self._acquired_per_host[key].add(placeholder)
            for trace in traces:
                await trace.send_connection_create_start()
            try:
                proto = await self._create_connection(key)
            finally:
                self._acquired.remove(placeholder)
                self._acquired_per_host[key].discard(placeholder)
        else:
            if traces:
                # Acquire the connection to prevent race conditions with limits
                placeholder = cast(ResponseHandler, _TransportPlaceholder())
                self._acquired.add(placeholder)
                self._acquired_per_host[key].add(placeholder)
                for trace in traces:
                    await trace.send_connection_reuseconn()
                self._acquired.remove(placeholder)
                self._acquired_per_host[key].discard(placeholder)

        self._acquired.add(proto)
        self._acquired_per_host[key].add(proto)
        self.peak = max(self.peak, len(self._acquired_per_host[key]))
        return Connection(self, key, proto)

    def _release_waiter(self) -> None:
        for key, waiters in list(self._waiters.items()):
            if self._available_connections(key) > 0 and waiters:
                fut = waiters.popleft()
                if not fut.done():
                    fut.set_result(None)
                return

    def _release(self, key: str, protocol: ResponseHandler) -> None:
        self._acquired.discard(protocol)
        self._acquired_per_host[key].discard(protocol)
        self._conns.setdefault(key, []).append(protocol)
        self._release_waiter()


async def request(connector: BaseConnector, traces: List[Trace]) -> None:
    conn = await connector.connect("example.com:443", traces)
    await asyncio.sleep(0.01)
    conn.release()


async def main() -> None:
    connector = BaseConnector(limit=0, limit_per_host=2)
    traces = [Trace([lambda: asyncio.sleep(0)])]
    await asyncio.gather(*(request(connector, traces) for _ in range(2)))
    await asyncio.gather(*(request(connector, traces) for _ in range(20)))
    print("limit_per_host=2, peak concurrent connections:", connector.peak)


if __name__ == "__main__":
    asyncio.run(main())
