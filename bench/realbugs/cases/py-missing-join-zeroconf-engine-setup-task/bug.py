"""python-zeroconf AsyncEngine (zeroconf/_engine.py, reduced): sockets wrapped on a loop thread."""
from __future__ import annotations

import asyncio
import socket
import threading
from typing import Optional

_CACHE_CLEANUP_INTERVAL = 10.0


class AsyncListener(asyncio.DatagramProtocol):
    def __init__(self, zc: "Zeroconf") -> None:
        self.zc = zc
        self.transport: Optional[asyncio.DatagramTransport] = None

    def connection_made(self, transport) -> None:
        self.transport = transport

    def datagram_received(self, data: bytes, addrs) -> None:
        self.zc.handle_response(data)


class AsyncEngine:
    """An engine wraps sockets in the event loop."""

    def __init__(self, zeroconf: "Zeroconf", listen_socket: Optional[socket.socket],
                 respond_sockets: list[socket.socket]) -> None:
        self.loop: Optional[asyncio.AbstractEventLoop] = None
        self.zc = zeroconf
        self.protocols: list[AsyncListener] = []
        self.readers: list[asyncio.BaseTransport] = []
        self.running_event: Optional[asyncio.Event] = None
        self._listen_socket = listen_socket
        self._respond_sockets = respond_sockets
        self._cleanup_timer: Optional[asyncio.TimerHandle] = None

    def setup(self, loop: asyncio.AbstractEventLoop, loop_thread_ready: Optional[threading.Event]) -> None:
        """Set up the instance."""
        self.loop = loop
        self.running_event = asyncio.Event()
        self.loop.create_task(self._async_setup(loop_thread_ready))

    async def _async_setup(self, loop_thread_ready: Optional[threading.Event]) -> None:
        assert self.loop is not None
        self._cleanup_timer = self.loop.call_later(_CACHE_CLEANUP_INTERVAL, self._async_cache_cleanup)
        await self._async_create_endpoints()
        assert self.running_event is not None
        self.running_event.set()
        if loop_thread_ready:
            loop_thread_ready.set()

    async def _async_create_endpoints(self) -> None:
        assert self.loop is not None
        reader_sockets = []
        if self._listen_socket:
            reader_sockets.append(self._listen_socket)
        for s in self._respond_sockets:
            if s not in reader_sockets:
                reader_sockets.append(s)
        for s in reader_sockets:
            transport, protocol = await self.loop.create_datagram_endpoint(
                lambda: AsyncListener(self.zc), sock=s)
            self.protocols.append(protocol)
            self.readers.append(transport)

    def _async_cache_cleanup(self) -> None:
        self.zc.cache.clear()

    def close(self) -> None:
        for transport in self.readers:
            transport.close()
        if self._cleanup_timer:
            self._cleanup_timer.cancel()


class Zeroconf:
    def __init__(self) -> None:
        self.cache: dict = {}
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind(("127.0.0.1", 0))
        self.engine = AsyncEngine(self, sock, [])
        self.loop = asyncio.new_event_loop()
        self._loop_thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._loop_thread.start()
        loop_thread_ready = threading.Event()
        self.loop.call_soon_threadsafe(self.engine.setup, self.loop, loop_thread_ready)
        loop_thread_ready.wait(5)

    def handle_response(self, data: bytes) -> None:
        self.cache[data] = True

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.engine.close)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._loop_thread.join(5)


if __name__ == "__main__":
    zc = Zeroconf()
    print("engine running:", zc.engine.running_event is not None and zc.engine.running_event.is_set())
    zc.close()
