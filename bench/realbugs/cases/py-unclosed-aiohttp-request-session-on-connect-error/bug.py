import asyncio
import gc
import socket
import warnings


class ClientConnectorError(OSError):
    pass


class TCPConnector:
    def __init__(self, *, loop=None, force_close=False):
        self._loop = loop
        self._force_close = force_close
        self._conns = []

    async def connect(self, host, port):
        try:
            reader, writer = await asyncio.open_connection(host, port)
        except OSError as exc:
            raise ClientConnectorError(exc.errno, "Cannot connect to host %s:%s" % (host, port)) from exc
        self._conns.append(writer)
        return reader, writer

    async def close(self):
        for writer in self._conns:
            writer.close()
        self._conns.clear()


class ClientResponse:
    def __init__(self, method, url, writer):
        self.method = method
        self.url = url
        self.status = 200
        self._writer = writer

    def close(self):
        self._writer.close()


class ClientSession:
    def __init__(self, *, loop=None, connector=None, connector_owner=True):
        self._loop = loop
        self._connector = connector
        self._connector_owner = connector_owner
        self._closed = False

    async def _request(self, method, url):
        host, port = url.split("//")[1].rstrip("/").split(":")
        _, writer = await self._connector.connect(host, int(port))
        writer.write(("%s / HTTP/1.1\r\nHost: %s\r\n\r\n" % (method, host)).encode())
        return ClientResponse(method, url, writer)

    async def close(self):
        if not self._closed:
            if self._connector is not None and self._connector_owner:
                await self._connector.close()
            self._connector = None
            self._closed = True

    def __del__(self):
        if not self._closed:
            warnings.warn("Unclosed client session {!r}".format(self), ResourceWarning, source=self)


class _SessionRequestContextManager:
    __slots__ = ("_coro", "_resp", "_session")

    def __init__(self, coro, session):
        self._coro = coro
        self._resp = None
        self._session = session

    async def __aenter__(self):
        self._resp = await self._coro
        return self._resp

    async def __aexit__(self, exc_type, exc, tb):
        assert self._resp is not None
        self._resp.close()
        await self._session.close()


def request(method, url, *, connector=None, loop=None):
    connector_owner = False
    if connector is None:
        connector_owner = True
        connector = TCPConnector(loop=loop, force_close=True)
    session = ClientSession(loop=loop, connector=connector, connector_owner=connector_owner)
    return _SessionRequestContextManager(session._request(method, url), session)


async def main():
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there any more: every connect is refused
    for attempt in range(3):
        try:
            async with request("GET", "http://127.0.0.1:%d/" % port) as resp:
                print(resp.status)
        except ClientConnectorError as exc:
            print("attempt", attempt, "failed:", exc.strerror)
    gc.collect()


if __name__ == "__main__":
    warnings.simplefilter("always", ResourceWarning)
    asyncio.run(main())
