"""databento.live.client: Live creates its shared event loop in the class body, at import time."""
from __future__ import annotations

import asyncio
import os
import threading
from concurrent import futures


class LiveSession:
    def __init__(self, loop: asyncio.AbstractEventLoop, api_key: str) -> None:
        self._loop = loop
        self._api_key = api_key
        self._closed = asyncio.Event()

    async def wait_for_close(self) -> None:
        await asyncio.sleep(0.01)


class Live:
    """A live client for connecting to the Databento Live Subscription Gateway."""

    _loop = asyncio.new_event_loop()
    _lock = threading.Lock()
    _thread = threading.Thread(
        target=_loop.run_forever,
        name="databento_live",
        daemon=True,
    )

    def __init__(self, key: str | None = None) -> None:
        if key is None:
            key = os.environ.get("DATABENTO_API_KEY")
        if key is None or not isinstance(key, str) or key.isspace():
            raise ValueError(f"invalid API key, was {key}")
        self._key: str = key

        self._session: LiveSession = LiveSession(loop=self._loop, api_key=key)

        with Live._lock:
            if not Live._thread.is_alive():
                Live._thread.start()

    def block_for_close(self, timeout: float | None = None) -> None:
        try:
            asyncio.run_coroutine_threadsafe(
                self._session.wait_for_close(),
                loop=Live._loop,
            ).result(timeout=timeout)
        except futures.TimeoutError:
            pass


class Historical:
    """The historical client: plain HTTP, no event loop."""

    def __init__(self, key: str) -> None:
        self._key = key

    def get_range(self, dataset: str, symbols: list[str]) -> list[str]:
        return [f"{dataset}:{s}" for s in symbols]


if __name__ == "__main__":
    # `import databento` and only use the historical API: the Live loop is never run or closed
    client = Historical("db-XXXX")
    print(client.get_range("GLBX.MDP3", ["ESZ6"]))
