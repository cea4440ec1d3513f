"""python_socks/async_/asyncio/_connect.py + _proxy.py (romis2012/python-socks), reduced."""
import asyncio
import ipaddress
import socket
from typing import Optional, Tuple

DEFAULT_TIMEOUT = 60


class ProxyConnectionError(OSError):
    pass


class ProxyTimeoutError(TimeoutError):
    pass


def is_ipv4_address(host):
    try:
        return isinstance(ipaddress.ip_address(host), ipaddress.IPv4Address)
    except ValueError:
        return False


def is_ipv6_address(host):
    try:
        return isinstance(ipaddress.ip_address(host), ipaddress.IPv6Address)
    except ValueError:
        return False


async def _resolve_host(host, loop):
    if is_ipv4_address(host):
        return socket.AF_INET, host
    if is_ipv6_address(host):
        return socket.AF_INET6, host
    infos = await loop.getaddrinfo(host, 0, type=socket.SOCK_STREAM)
    family, _, _, _, sockaddr = infos[0]
    return family, sockaddr[0]


async def connect_tcp(
    host: str,
    port: int,
    loop: asyncio.AbstractEventLoop,
    local_addr: Optional[Tuple[str, int]] = None,
) -> socket.socket:

    family, host = await _resolve_host(host, loop)

    sock = socket.socket(family=family, type=socket.SOCK_STREAM)
    sock.setblocking(False)
    if local_addr is not None:  # pragma: no cover
        sock.bind(local_addr)

    if is_ipv6_address(host):
        address = (host, port, 0, 0)  # to fix OSError: [WinError 10022]
    else:
        address = (host, port)  # type: ignore[assignment]

    try:
        await loop.sock_connect(sock=sock, address=address)
    except OSError:
        sock.close()
        raise
    return sock


class AsyncioProxy:
    def __init__(self, host: str, port: int, loop=None):
        self._loop = loop or asyncio.get_event_loop()
        self._proxy_host = host
        self._proxy_port = port

    async def connect(self, dest_host: str, dest_port: int, timeout=None) -> socket.socket:
        if timeout is None:
            timeout = DEFAULT_TIMEOUT
        try:
            async with asyncio.timeout(timeout):
                return await self._connect(dest_host=dest_host, dest_port=dest_port)
        except asyncio.TimeoutError as e:
            raise ProxyTimeoutError(f'Proxy connection timed out: {timeout}') from e

    async def _connect(self, dest_host, dest_port) -> socket.socket:
        try:
            _socket = await connect_tcp(
                host=self._proxy_host,
                port=self._proxy_port,
                loop=self._loop,
            )
        except OSError as e:
            msg = 'Could not connect to proxy {}:{} [{}]'.format(
                self._proxy_host,
                self._proxy_port,
                e.strerror,
            )
            raise ProxyConnectionError(e.errno, msg) from e
        # SOCKS handshake with dest_host:dest_port would follow here.
        return _socket
