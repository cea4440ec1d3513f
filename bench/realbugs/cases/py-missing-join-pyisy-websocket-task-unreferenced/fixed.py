"""Reduction of PyISY pyisy/events/websocket.py (automicus/PyISY#425)."""
import asyncio
import logging
import time

_LOGGER = logging.getLogger(__name__)

ES_NOT_STARTED = "not_started"
ES_INITIALIZING = "initializing"
ES_CONNECTED = "connected"
ES_RECONNECTING = "reconnecting"
ES_STOP_UPDATES = "stop_updates"

RECONNECT_DELAY = 60
HEARTBEAT_GRACE = 10


class WebSocketClient:
    def __init__(self, isy, address, port, websession, use_tls=False, webroot=""):
        self.isy = isy
        self.req_path = "%s/rest/subscribe" % webroot
        self.url = "%s://%s:%s%s" % ("wss" if use_tls else "ws", address, port, self.req_path)
        self.websession = websession
        self._loop = asyncio.get_running_loop()
        self._status = ES_NOT_STARTED
        self._last_heartbeat = None
        self._heartbeat_interval = 30
        self.websocket_task = None
        self.guardian_task = None
        self._background_tasks = set()

    def _create_background_task(self, coro):
        task = self._loop.create_task(coro)
        self._background_tasks.add(task)
        task.add_done_callback(self._background_tasks.discard)
        return task

    def start(self, retries=0):
        self._status = ES_INITIALIZING
        self.websocket_task = self._loop.create_task(self.websocket(retries))
        self.guardian_task = self._loop.create_task(self._websocket_guardian())

    def stop(self):
        self._status = ES_STOP_UPDATES
        if self.websocket_task is not None and not self.websocket_task.done():
            self.websocket_task.cancel()
        if self.guardian_task is not None and not self.guardian_task.done():
            self.guardian_task.cancel()

    async def reconnect(self, delay=RECONNECT_DELAY, retries=0):
        self.stop()
        self._status = ES_RECONNECTING
        await asyncio.sleep(delay)
        self.start(retries)

    def heartbeat(self, interval=30):
        self._last_heartbeat = time.monotonic()
        self._heartbeat_interval = interval

    async def _websocket_guardian(self):
        while self._status != ES_STOP_UPDATES:
            await asyncio.sleep(self._heartbeat_interval)
            if self._status != ES_CONNECTED or self._last_heartbeat is None:
                continue
            if time.monotonic() - self._last_heartbeat > self._heartbeat_interval + HEARTBEAT_GRACE:
                _LOGGER.error("Websocket missed a heartbeat, forcing reconnect")
                self._create_background_task(self.reconnect(delay=0))
                return

    async def _route_message(self, msg):
        if "<control>_0</control>" in msg:
            self.heartbeat()
        else:
            self.isy.nodes.update_received(msg)

    async def websocket(self, retries=0):
        try:
            async with self.websession.ws_connect(self.url, heartbeat=30) as ws:
                self._status = ES_CONNECTED
                self.heartbeat()
                async for msg in ws:
                    await self._route_message(msg.data)
        except asyncio.CancelledError:
            raise
        except Exception as err:
            _LOGGER.error("Websocket error, reconnecting: %s", err)
            self._create_background_task(self.reconnect(RECONNECT_DELAY, retries + 1))
