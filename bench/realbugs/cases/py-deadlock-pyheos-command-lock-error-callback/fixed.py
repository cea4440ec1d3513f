"""pyheos: command_error callbacks are awaited while ConnectionBase still holds its command lock."""
import asyncio
from collections.abc import Awaitable, Callable

EVENT_USER_CREDENTIALS_INVALID = "event/user_credentials_invalid"
INVALID_CREDENTIALS_ERROR_ID = 6


class CommandFailedError(Exception):
    def __init__(self, command: str, error_id: int):
        super().__init__(f"{command} failed: eid={error_id}")
        self.command = command
        self.error_id = error_id


class ConnectionBase:
    """Processes one command at a time against the device."""

    def __init__(self, device: dict) -> None:
        self._device = device
        self._command_lock = asyncio.Lock()
        self._on_command_error_callbacks: list[Callable[[CommandFailedError], Awaitable]] = []

    def add_on_command_error(self, callback: Callable[[CommandFailedError], Awaitable]) -> None:
        self._on_command_error_callbacks.append(callback)

    async def _on_command_error(self, error: CommandFailedError) -> None:
        for callback in self._on_command_error_callbacks:
            await callback(error)

    async def command(self, command: str) -> str:
        async def _command_impl() -> str:
            await asyncio.sleep(0.01)  # write + wait for the response
            error_id = self._device.get(command)
            if error_id:
                raise CommandFailedError(command, error_id)
            return f"{command}: ok"

        # Run the within the lock, but invoke the error callbacks after releasing it
        try:
            async with self._command_lock:
                return await _command_impl()
        except CommandFailedError as error:
            await self._on_command_error(error)
            raise  # Re-raise to send the error to the caller.


class Heos:
    def __init__(self, connection: ConnectionBase) -> None:
        self._connection = connection
        self._connection.add_on_command_error(self._on_command_error)
        self._handlers: dict[str, list[Callable[[], Awaitable]]] = {}
        self.signed_in_username: str | None = "user@example.com"

    def add_event_handler(self, event: str, handler: Callable[[], Awaitable]) -> None:
        self._handlers.setdefault(event, []).append(handler)

    async def _on_command_error(self, error: CommandFailedError) -> None:
        if error.error_id == INVALID_CREDENTIALS_ERROR_ID:
            self.signed_in_username = None
            for handler in self._handlers.get(EVENT_USER_CREDENTIALS_INVALID, []):
                await handler()

    async def get_favorites(self) -> str:
        return await self._connection.command("browse/get_music_sources")

    async def sign_out(self) -> str:
        return await self._connection.command("system/sign_out")


async def main() -> None:
    heos = Heos(ConnectionBase({"browse/get_music_sources": INVALID_CREDENTIALS_ERROR_ID}))

    async def on_credentials_invalid() -> None:
        await heos.sign_out()  # integration reacts by issuing another command

    heos.add_event_handler(EVENT_USER_CREDENTIALS_INVALID, on_credentials_invalid)
    try:
        await asyncio.wait_for(heos.get_favorites(), timeout=1)
    except CommandFailedError as err:
        print("ok:", err)
    except asyncio.TimeoutError:
        print("deadlocked")


if __name__ == "__main__":
    asyncio.run(main())
