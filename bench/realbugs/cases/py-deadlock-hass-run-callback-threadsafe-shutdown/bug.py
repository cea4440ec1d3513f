"""Home Assistant shutdown: executor job waits on a loop callback that never runs."""
from __future__ import annotations

import asyncio
from asyncio import AbstractEventLoop
from collections.abc import Callable
import concurrent.futures
import logging
import threading
import time
from typing import Any, TypeVar

_LOGGER = logging.getLogger(__name__)

_T = TypeVar("_T")


def run_callback_threadsafe(
    loop: AbstractEventLoop, callback: Callable[..., _T], *args: Any
) -> concurrent.futures.Future[_T]:
    """Submit a callback object to a given event loop.

    Return a concurrent.futures.Future to access the result.
    """
    ident = loop.__dict__.get("_thread_ident")
    if ident and ident == threading.get_ident():
        raise RuntimeError("Cannot be called from within the event loop")

    future: concurrent.futures.Future[_T] = concurrent.futures.Future()

    def run_callback() -> None:
        """Run callback and store result."""
        try:
            future.set_result(callback(*args))
        except Exception as exc:  # pylint: disable=broad-except
            if future.set_running_or_notify_cancel():
                future.set_exception(exc)
            else:
                _LOGGER.warning("Exception on lost future: ", exc_info=True)

    loop.call_soon_threadsafe(run_callback)
    return future


class HomeAssistant:
    def __init__(self, loop: AbstractEventLoop) -> None:
        self.loop = loop
        self.executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=2, thread_name_prefix="SyncWorker"
        )
        self.loop.set_default_executor(self.executor)
        self.states: dict[str, str] = {}

    def async_set(self, entity_id: str, state: str) -> None:
        self.states[entity_id] = state

    def set_state(self, entity_id: str, state: str) -> None:
        """Thread-safe setter used by sync integrations in the executor."""
        run_callback_threadsafe(self.loop, self.async_set, entity_id, state).result()

    async def async_block_till_done(self) -> None:
        await asyncio.sleep(0)

    async def async_stop(self) -> None:
        # stage 3: final write, then the loop is stopped
        await self.async_block_till_done()
        self.loop.stop()


def legacy_poller(hass: HomeAssistant) -> None:
    """A sync integration still polling while shutdown happens."""
    time.sleep(0.2)
    hass.set_state("sensor.legacy", "on")


def run() -> None:
    loop = asyncio.new_event_loop()
    hass = HomeAssistant(loop)
    poller = hass.executor.submit(legacy_poller, hass)
    stop_task = loop.create_task(hass.async_stop())
    loop.run_forever()
    # runner: loop is stopped, now shut the executor down and join its threads
    hass.executor.shutdown(wait=True)
    stop_task.result()
    if (exc := poller.exception()) is not None:
        _LOGGER.warning("poller stopped: %s", exc)
    loop.close()


if __name__ == "__main__":
    run()
