import asyncio


class Handler:
    connection_lost = False

    def close(self):
        self.connection_lost = True


class H2Protocol(asyncio.Protocol):
    def __init__(self, handler, config, *, loop):
        self.handler = handler
        self.config = config
        self.loop = loop
        self.transport = None

    def connection_made(self, transport):
        self.transport = transport

    def connection_lost(self, exc):
        self.handler.close()


class Stream:
    def __init__(self, channel, name):
        self._channel = channel
        self._name = name
        self._send_request_done = False

    async def send_request(self):
        assert not self._send_request_done, 'Request is already sent'
        protocol = await self._channel.__connect__()
        protocol.transport.write(('POST %s\r\n' % self._name).encode())
        self._send_request_done = True


class Channel:
    _protocol = None

    def __init__(self, host='127.0.0.1', port=50051, *, loop):
        self._host = host
        self._port = port
        self._loop = loop
        self._config = {'client_side': True, 'header_encoding': 'utf-8'}
        self._authority = '{}:{}'.format(self._host, self._port)
        self.connections_made = 0
        self._connect_lock = asyncio.Lock()

    def _protocol_factory(self):
        self.connections_made += 1
        return H2Protocol(Handler(), self._config, loop=self._loop)

    @property
    def _connected(self):
        return self._protocol is not None and not self._protocol.handler.connection_lost

    async def __connect__(self):
        if not self._connected:
            async with self._connect_lock:
                if not self._connected:
                    _, self._protocol = await self._loop.create_connection(
                        self._protocol_factory, self._host, self._port
                    )
        return self._protocol

    def request(self, name):
        return Stream(self, name)

    def close(self):
        if self._protocol is not None:
            self._protocol.transport.close()


class UnaryUnaryMethod:
    def __init__(self, channel, name):
        self.channel = channel
        self.name = name

    async def __call__(self, message):
        stream = self.channel.request(self.name)
        await stream.send_request()
        return message


async def handle(reader, writer):
    await reader.read(100)
    writer.close()


async def main():
    server = await asyncio.start_server(handle, '127.0.0.1', 0)
    port = server.sockets[0].getsockname()[1]
    channel = Channel('127.0.0.1', port, loop=asyncio.get_running_loop())
    say_hello = UnaryUnaryMethod(channel, '/helloworld.Greeter/SayHello')
    await asyncio.gather(*[say_hello('World') for _ in range(5)])
    print('TCP connections opened by one Channel:', channel.connections_made)
    channel.close()
    server.close()
    await server.wait_closed()


if __name__ == '__main__':
    asyncio.run(main())
