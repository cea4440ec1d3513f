"""Reduction of pytboss.api.PitBoss (dknowles2/pytboss#535): state callbacks run under _lock."""
import asyncio
import inspect
from typing import Awaitable, Callable, TypedDict


class StateDict(TypedDict, total=False):
    grillSetTemp: int
    grillTemp: int
    moduleIsOn: bool


StateCallback = Callable[[StateDict], Awaitable[None] | None]


class FakeConnection:
    async def send_command(self, method, params):
        await asyncio.sleep(0)
        return {"sc_11": "FE0B01", "sc_12": "FE0C0190"}


class ControlBoard:
    def parse_status(self, payload):
        return {"moduleIsOn": payload.endswith("1")}

    def parse_temperatures(self, payload):
        return {"grillTemp": int(payload[4:], 16)}


class PitBoss:
    def __init__(self, conn, control_board):
        self._conn = conn
        self._board = control_board
        self._lock = asyncio.Lock()  # protects callbacks and state.
        self._state_callbacks = []
        self._state = StateDict()

    async def subscribe_state(self, callback: StateCallback):
        async with self._lock:
            self._state_callbacks.append(callback)

    async def _on_state_received(self, payload: str):
        state = None
        match payload[:4]:
            case "FE0B":
                state = self._board.parse_status(payload)
            case "FE0C":
                state = self._board.parse_temperatures(payload)
        if not state:
            return

        async with self._lock:
            self._state.update(state)
            callbacks = list(self._state_callbacks)
        # Dispatch outside _lock so subscribers may call back into the API.
        for callback in callbacks:
            result = callback(self._state)
            if inspect.isawaitable(result):
                await result

    async def get_state(self) -> StateDict:
        """Retrieves the current grill state and refreshes the cache."""
        resp = await self._conn.send_command("PB.GetState", {})
        status = self._board.parse_status(resp["sc_11"])
        status.update(self._board.parse_temperatures(resp["sc_12"]))
        async with self._lock:
            self._state.update(status)
            return StateDict(self._state)


async def main():
    grill = PitBoss(FakeConnection(), ControlBoard())

    async def on_state(state):
        # A Home Assistant style subscriber that re-reads the full state.
        if state.get("moduleIsOn"):
            await grill.get_state()

    await grill.subscribe_state(on_state)
    await asyncio.wait_for(grill._on_state_received("FE0B01"), timeout=2)


if __name__ == "__main__":
    asyncio.run(main())
