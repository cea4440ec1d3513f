"""anyio 3.1 _core/_sockets.py connect_unix() (reduced), asyncio backend inlined."""
import asyncio
import socket
from os import PathLike
from pathlib import Path
from typing import Union


class UNIXSocketStream:
    def __init__(self, transport_socket: socket.socket) -> None:
        self._raw_socket = transport_socket

    async def aclose(self) -> None:
        self._raw_socket.close()


class _AsyncioBackend:
    """Stand-in for anyio._backends._asyncio (get_asynclib())."""

    @staticmethod
    async def wait_socket_writable(sock: socket.socket) -> None:
        loop = asyncio.get_running_loop()
        event = asyncio.Event()
        loop.add_writer(sock, event.set)
        try:
            await event.wait()
        finally:
            loop.remove_writer(sock)

    @staticmethod
    async def connect_unix(raw_socket: socket.socket) -> UNIXSocketStream:
        return UNIXSocketStream(raw_socket)


def get_asynclib():
    return _AsyncioBackend


async def connect_unix(path: Union[str, "PathLike[str]"]) -> UNIXSocketStream:
    """
    Connect to the given UNIX socket.

    Not available on Windows.

    :param path: path to the socket
    :return: a socket stream object

    """
    path = str(Path(path))
    raw_socket = socket.socket(socket.AF_UNIX)
    raw_socket.setblocking(False)
    while True:
        try:
            raw_socket.connect(path)
        except BlockingIOError:
            await get_asynclib().wait_socket_writable(raw_socket)
        except BaseException:
            raw_socket.close()
            raise
        else:
            return await get_asynclib().connect_unix(raw_socket)


async def main() -> None:
    try:
        stream = await connect_unix("/nonexistent/anyio.sock")
    except FileNotFoundError:
        print("connect failed; raw socket left for the GC (ResourceWarning)")
    else:
        await stream.aclose()


if __name__ == "__main__":
    asyncio.run(main())
