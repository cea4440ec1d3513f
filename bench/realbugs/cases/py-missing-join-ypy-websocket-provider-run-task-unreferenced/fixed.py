"""Reduction of ypy-websocket's ypy_websocket/websocket_provider.py (and yutils) before #69."""
import asyncio
from functools import partial


class YDoc(object):
    """Stand-in for y_py.YDoc: keeps the after-transaction observers."""

    def __init__(self):
        self._observers = []
        self.state = []

    def observe_after_transaction(self, callback):
        self._observers.append(callback)

    def apply_update(self, update):
        self.state.append(update)
        for cb in self._observers:
            cb(update)


def put_updates(update_queue, ydoc, update):
    update_queue.put_nowait(update)


async def sync(ydoc, websocket):
    await websocket.send(b"\x00sync-step-1")


async def process_message(message, ydoc, websocket):
    if message.startswith(b"\x00"):
        await websocket.send(b"\x00sync-step-2")
    else:
        ydoc.state.append(message)


class FakeWebsocket(object):
    def __init__(self, incoming):
        self._incoming = list(incoming)
        self.sent = []

    async def send(self, data):
        self.sent.append(data)

    def __aiter__(self):
        return self

    async def __anext__(self):
        await asyncio.sleep(0.01)
        if not self._incoming:
            raise StopAsyncIteration
        return self._incoming.pop(0)


class WebsocketProvider:
    def __init__(self, ydoc, websocket):
        self._ydoc = ydoc
        self._websocket = websocket
        self._update_queue = asyncio.Queue()
        ydoc.observe_after_transaction(partial(put_updates, self._update_queue, ydoc))
        self._run_task = asyncio.create_task(self._run())

    async def _run(self):
        await sync(self._ydoc, self._websocket)
        send_task = asyncio.create_task(self._send())
        async for message in self._websocket:
            await process_message(message, self._ydoc, self._websocket)
        send_task.cancel()

    async def _send(self):
        while True:
            update = await self._update_queue.get()
            try:
                await self._websocket.send(update)
            except Exception:
                pass


async def main():
    ydoc = YDoc()
    websocket = FakeWebsocket([b"\x00peer-sync", b"update-1", b"update-2"])
    WebsocketProvider(ydoc, websocket)
    ydoc.apply_update(b"local-update")
    await asyncio.sleep(0.2)
    print(websocket.sent, ydoc.state)


if __name__ == "__main__":
    asyncio.run(main())
