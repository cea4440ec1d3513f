"""aiohomekit: background reconnect task with no strong reference."""
from __future__ import annotations

import asyncio
from collections.abc import Awaitable
import logging
from typing import TypeVar

_LOGGER = logging.getLogger(__name__)

T = TypeVar("T")

_BACKGROUND_TASKS: set[asyncio.Task] = set()


# --- aiohomekit/utils.py ---------------------------------------------------
def async_create_task(coroutine: Awaitable[T], *, name=None) -> asyncio.Task[T]:
    """Wrapper for asyncio.create_task that logs errors."""
    task = asyncio.create_task(coroutine, name=name)
    _BACKGROUND_TASKS.add(task)
    task.add_done_callback(_handle_task_result)
    return task


def _handle_task_result(task: asyncio.Task) -> None:
    _BACKGROUND_TASKS.discard(task)
    try:
        task.result()
    except asyncio.CancelledError:
        # Ignore cancellations
        pass
    except Exception:
        _LOGGER.exception("Failure running background task: %s", task.get_name())


# --- aiohomekit/controller/coap/connection.py -----------------------------
class CoAPHomeKitConnection:
    def __init__(self, owner, host: str, port: int) -> None:
        self.owner = owner
        self.address = f"[{host}]:{port}"
        self.is_connected = False

    async def reconnect_soon(self) -> None:
        """Drop the current session and reconnect to the new address."""
        self.is_connected = False
        await asyncio.sleep(0.1)
        self.is_connected = True
        _LOGGER.debug("reconnected to %s", self.address)


# --- aiohomekit/controller/coap/pairing.py --------------------------------
class CoAPPairing:
    def __init__(self, pairing_data: dict) -> None:
        self.pairing_data = pairing_data
        self.description = None
        self.connection = CoAPHomeKitConnection(
            self,
            pairing_data["AccessoryAddress"],
            pairing_data["AccessoryPort"],
        )

    def _async_endpoint_changed(self) -> None:
        """The IP/Port has changed, so close connection if active then reconnect."""
        self.connection.address = (
            f"[{self.description.address}]:{self.description.port}"
        )
        async_create_task(self.connection.reconnect_soon())

    def _async_description_update(self, description) -> None:
        old = self.description
        self.description = description
        if old is None or (old.address, old.port) != (description.address, description.port):
            self._async_endpoint_changed()


class _Desc:
    def __init__(self, address: str, port: int) -> None:
        self.address = address
        self.port = port


async def main() -> None:
    pairing = CoAPPairing({"AccessoryAddress": "fd00::1", "AccessoryPort": 5683})
    pairing._async_description_update(_Desc("fd00::2", 5683))
    await asyncio.sleep(0.2)


if __name__ == "__main__":
    asyncio.run(main())
