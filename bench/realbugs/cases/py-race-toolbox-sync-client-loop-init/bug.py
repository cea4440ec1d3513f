"""Synchronous wrapper around an async Toolbox client (toolbox-core sync_client.py, reduced)."""
from asyncio import AbstractEventLoop, new_event_loop, run_coroutine_threadsafe
from threading import Thread
from typing import Any, Mapping, Optional


class ToolboxClient:
    """Stand-in for the aiohttp based async client; it binds its session to the running loop."""

    def __init__(self, url: str, client_headers: Optional[Mapping[str, str]] = None):
        import asyncio

        self._url = url
        self._headers = dict(client_headers or {})
        self._loop = asyncio.get_running_loop()

    async def load_tool(self, name: str) -> dict:
        import asyncio

        if asyncio.get_running_loop() is not self._loop:
            raise RuntimeError("Timeout context manager should be used inside a task")
        return {"name": name, "url": self._url}

    async def close(self) -> None:
        return None


class ToolboxSyncClient:
    """A synchronous client for interacting with a Toolbox service."""

    __loop: Optional[AbstractEventLoop] = None
    __thread: Optional[Thread] = None

    def __init__(self, url: str, client_headers: Optional[Mapping[str, str]] = None):
        # Running a loop in a background thread allows us to support async
        # methods from non-async environments.
        if self.__class__.__loop is None:
            loop = new_event_loop()
            thread = Thread(target=loop.run_forever, daemon=True)
            thread.start()
            self.__class__.__thread = thread
            self.__class__.__loop = loop

        async def create_client():
            return ToolboxClient(url, client_headers=client_headers)

        self.__async_client = run_coroutine_threadsafe(
            create_client(), self.__class__.__loop
        ).result()

    def close(self):
        coro = self.__async_client.close()
        run_coroutine_threadsafe(coro, self.__loop).result()

    def load_tool(self, name: str) -> Any:
        coro = self.__async_client.load_tool(name)

        if not self.__loop or not self.__thread:
            raise ValueError("Background loop or thread cannot be None.")

        return run_coroutine_threadsafe(coro, self.__loop).result()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.close()


def handle_session(url: str, errors: list) -> None:
    # one agent session per request thread, as in the Cloud Run deployment
    try:
        with ToolboxSyncClient(url) as client:
            client.load_tool("get-accounts")
    except RuntimeError as exc:
        errors.append(exc)


if __name__ == "__main__":
    errors: list = []
    sessions = [Thread(target=handle_session, args=("http://127.0.0.1:5000", errors))
                for _ in range(16)]
    for t in sessions:
        t.start()
    for t in sessions:
        t.join()
    print("sessions that used a client bound to a losing loop:", len(errors))
