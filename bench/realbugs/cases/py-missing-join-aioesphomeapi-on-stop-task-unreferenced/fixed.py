import asyncio
import contextvars
import logging
import socket
from typing import Awaitable, Callable, Optional

_LOGGER = logging.getLogger(__name__)

in_do_connect: contextvars.ContextVar[bool] = contextvars.ContextVar("in_do_connect")


class APIFrameHelper:
    def __init__(self, transport: Optional[asyncio.Transport]) -> None:
        self._transport = transport

    def close(self) -> None:
        if self._transport is not None:
            self._transport.close()
            self._transport = None


class APIConnection:
    """This class represents _one_ connection to a remote native API device."""

    def __init__(self, log_name: str, on_stop: Callable[[], Awaitable[None]]) -> None:
        self.log_name = log_name
        self.on_stop: Optional[Callable[[], Awaitable[None]]] = on_stop
        self._socket: Optional[socket.socket] = None
        self._frame_helper: Optional[APIFrameHelper] = None
        self._connect_task: Optional[asyncio.Task[None]] = None
        self._connect_complete = False
        self._on_stop_task: Optional[asyncio.Task[None]] = None
        self._ping_stop_event = asyncio.Event()

    def _cleanup(self) -> None:
        """Clean up all resources that have been allocated.

        Safe to call multiple times.
        """
        _LOGGER.debug("Cleaning up connection to %s", self.log_name)
        # If we are being called from do_connect we
        # need to make sure we don't cancel the task
        # that called us
        if self._connect_task is not None and not in_do_connect.get(False):
            self._connect_task.cancel()
            self._connect_task = None

        if self._frame_helper is not None:
            self._frame_helper.close()
            self._frame_helper = None

        if self._socket is not None:
            self._socket.close()
            self._socket = None

        if self.on_stop and self._connect_complete:

            def _remove_on_stop_task(_fut: asyncio.Future[None]) -> None:
                """Remove the stop task.

                We need to do this because the asyncio does not hold
                a strong reference to the task, so it can be garbage
                collected unexpectedly.
                """
                self._on_stop_task = None

            # Ensure on_stop is called only once
            self._on_stop_task = asyncio.create_task(self.on_stop())
            self._on_stop_task.add_done_callback(_remove_on_stop_task)
            self.on_stop = None

        self._ping_stop_event.set()

    async def connect(self) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._frame_helper = APIFrameHelper(None)
        self._connect_complete = True

    async def force_disconnect(self) -> None:
        self._cleanup()


class ReconnectLogic:
    def __init__(self) -> None:
        self._connection_state = "connected"
        self.reconnects = 0

    async def _on_disconnect(self) -> None:
        # runs the disconnect callbacks and schedules the reconnect
        await asyncio.sleep(0.01)
        self._connection_state = "disconnected"
        self.reconnects += 1


async def main() -> None:
    logic = ReconnectLogic()
    conn = APIConnection("living-room.local", logic._on_disconnect)
    await conn.connect()
    await conn.force_disconnect()
    await asyncio.sleep(0.05)
    print(logic._connection_state, logic.reconnects)


if __name__ == "__main__":
    asyncio.run(main())
