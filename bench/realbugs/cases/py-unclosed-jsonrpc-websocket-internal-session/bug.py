"""Reduction of jsonrpc_websocket.jsonrpc.Server (emlove/jsonrpc-websocket#12)."""
import asyncio
import json
import logging

import aiohttp
from aiohttp import ClientError
from aiohttp.http_exceptions import HttpProcessingError

_LOGGER = logging.getLogger(__name__)


class TransportError(Exception):
    pass


class Server:
    """A connection to a HTTP JSON-RPC server, backed by aiohttp"""

    def __init__(self, url, session=None, **connect_kwargs):
        self._session = session or aiohttp.ClientSession()

        # True if we made our own session
        self._internal_session = session is None

        self._client = None
        self._connect_kwargs = connect_kwargs
        self._url = url
        self._timeout = self._connect_kwargs.get("timeout")
        self._pending_messages = {}

    async def ws_connect(self):
        """Connect to the websocket server."""
        if self.connected:
            raise TransportError("Connection already open.")
        try:
            self._client = await self._session.ws_connect(self._url, **self._connect_kwargs)
        except (ClientError, HttpProcessingError, asyncio.TimeoutError) as exc:
            raise TransportError("Error connecting to server") from exc
        return asyncio.get_running_loop().create_task(self._ws_loop())

    async def _ws_loop(self):
        """Listen for messages from the websocket server."""
        try:
            async for msg in self._client:
                if msg.type == aiohttp.WSMsgType.TEXT:
                    data = json.loads(msg.data)
                    pending = self._pending_messages.get(data.get("id"))
                    if pending is not None:
                        pending.set_result(data)
        finally:
            await self.close()

    async def close(self):
        """Close the connection to the websocket server."""
        if self.connected:
            await self._client.close()
            self._client = None

    @property
    def connected(self):
        """Websocket server is connected."""
        return self._client is not None


async def main():
    # Kodi-style usage: no session passed in, so Server creates its own.
    server = Server("ws://127.0.0.1:9/jsonrpc")
    try:
        await server.ws_connect()
    except TransportError:
        _LOGGER.info("kodi not reachable")
    await server.close()  # "Unclosed client session" is printed at exit


if __name__ == "__main__":
    asyncio.run(main())
