# CPython: Lib/asyncio/base_events.py (create_connection -> _connect_sock ->
# _create_connection_transport), reduced onto a running asyncio loop.
import asyncio
import socket


class _SelectorSocketTransport(asyncio.Transport):
    def __init__(self, loop, sock, protocol, waiter):
        super().__init__()
        self._loop = loop
        self._sock = sock
        self._protocol = protocol
        self._loop.call_soon(self._protocol.connection_made, self)
        self._loop.call_soon(waiter.set_result, None)

    def write(self, data):
        self._sock.send(data)

    def is_closing(self):
        return self._sock.fileno() == -1

    def close(self):
        if self._sock.fileno() != -1:
            self._sock.close()
            self._loop.call_soon(self._protocol.connection_lost, None)


class BaseEventLoop:
    def __init__(self, loop):
        self._loop = loop

    def create_future(self):
        return self._loop.create_future()

    def _make_socket_transport(self, sock, protocol, waiter):
        return _SelectorSocketTransport(self._loop, sock, protocol, waiter)

    async def _connect_sock(self, exceptions, addr_info):
        family, type_, proto, _, address = addr_info
        sock = None
        try:
            sock = socket.socket(family=family, type=type_, proto=proto)
            sock.setblocking(False)
            await self._loop.sock_connect(sock, address)
            return sock
        except OSError as exc:
            exceptions.append(exc)
            if sock is not None:
                sock.close()
            raise

    async def _create_connection_transport(self, sock, protocol_factory):
        sock.setblocking(False)

        protocol = protocol_factory()
        waiter = self.create_future()
        transport = self._make_socket_transport(sock, protocol, waiter)

        try:
            await waiter
        except:
            transport.close()
            raise

        return transport, protocol

    async def create_connection(self, protocol_factory, host, port):
        infos = await self._loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        exceptions = []
        for addrinfo in infos:
            try:
                sock = await self._connect_sock(exceptions, addrinfo)
                break
            except OSError:
                continue
        else:
            raise OSError("Multiple exceptions: {}".format(exceptions))

        return await self._create_connection_transport(sock, protocol_factory)


async def main():
    server = await asyncio.start_server(lambda r, w: w.close(), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    loop = BaseEventLoop(asyncio.get_running_loop())
    try:
        await loop.create_connection(lambda: 1 / 0, "127.0.0.1", port)
    except ZeroDivisionError:
        print("protocol factory failed")
    server.close()
    await server.wait_closed()


if __name__ == "__main__":
    asyncio.run(main())
