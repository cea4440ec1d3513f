"""cloud-sql-python-connector: Connector.close() never stops its loop, so the loop thread is never ended."""
import asyncio
import concurrent.futures
import threading
from threading import Thread
from types import TracebackType
from typing import Any, Dict, Optional, Type


async def generate_keys() -> bytes:
    await asyncio.sleep(0)
    return b"-----BEGIN PUBLIC KEY-----"


class Instance:
    def __init__(self, instance_connection_string: str, keys: concurrent.futures.Future):
        self._instance_connection_string = instance_connection_string
        self._keys = keys
        self._refresh_task = asyncio.ensure_future(self._refresh_loop())

    async def _refresh_loop(self) -> None:
        while True:
            await asyncio.sleep(3600)  # refresh the ephemeral certificate

    async def close(self) -> None:
        self._refresh_task.cancel()
        await asyncio.gather(self._refresh_task, return_exceptions=True)


class Connector:
    def __init__(self, timeout: int = 30) -> None:
        self._loop: asyncio.AbstractEventLoop = asyncio.new_event_loop()
        self._thread: Thread = Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._keys: concurrent.futures.Future = asyncio.run_coroutine_threadsafe(
            generate_keys(), self._loop
        )
        self._instances: Dict[str, Instance] = {}
        self._timeout = timeout

    def connect(self, instance_connection_string: str, driver: str, **kwargs: Any) -> Any:
        connect_task = asyncio.run_coroutine_threadsafe(
            self.connect_async(instance_connection_string, driver, **kwargs), self._loop
        )
        return connect_task.result()

    async def connect_async(self, instance_connection_string: str, driver: str, **kwargs: Any) -> Any:
        if instance_connection_string not in self._instances:
            self._instances[instance_connection_string] = Instance(instance_connection_string, self._keys)
        return (driver, instance_connection_string)

    def __enter__(self) -> Any:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc_val: Optional[BaseException],
        exc_tb: Optional[TracebackType],
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close Connector by stopping tasks and releasing resources."""
        close_future = asyncio.run_coroutine_threadsafe(self._close(), loop=self._loop)
        # Will attempt to safely shut down tasks for 5s
        close_future.result(timeout=5)

    async def _close(self) -> None:
        """Helper function to cancel Instances' tasks and close aiohttp.ClientSession."""
        await asyncio.gather(*[instance.close() for instance in self._instances.values()])


def handle_request() -> None:
    # a long-running service creating a connector per unit of work
    with Connector() as connector:
        connector.connect("project:region:instance", "pg8000", user="app", db="orders")


if __name__ == "__main__":
    for _ in range(5):
        handle_request()
    print("threads still alive:", threading.active_count() - 1)
