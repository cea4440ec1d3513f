"""pylitterbot: reduction of pylitterbot/session.py (Session.refresh_tokens and
LitterRobotSession._refresh_tokens) as driven by Account.refresh_robots().

pycognito/aiohttp are replaced by small stand-ins; the locking is upstream's.
"""
import asyncio
import threading
import time
from abc import ABC, abstractmethod
from functools import partial
from threading import Lock
from typing import Any, Dict, List, Optional

EVENT_UPDATE = "update"


class Event:
    def __init__(self) -> None:
        self._listeners: List[Any] = []

    def emit(self, event_name: str) -> None:
        for listener in self._listeners:
            listener(event_name)


class Cognito:  # stand-in for pycognito.Cognito
    def __init__(self) -> None:
        self.id_token: Optional[str] = None
        self.expires_at = 0.0

    def renew_access_token(self) -> None:
        time.sleep(0.05)  # boto3 InitiateAuth REFRESH_TOKEN_AUTH round trip
        self.id_token = "id-%f" % time.monotonic()
        self.expires_at = time.monotonic() + 3600


class Session(Event, ABC):
    """Abstract session class."""

    _lock = Lock()

    @property
    @abstractmethod
    def tokens(self) -> Optional[Dict[str, str]]:
        """Return the tokens."""

    @abstractmethod
    def is_token_valid(self) -> bool:
        """Return `True` if the token is stills valid."""

    async def refresh_tokens(self, ignore_unexpired: bool = False) -> None:
        """Refresh the access token."""
        if self.tokens is None:
            return None
        with self._lock:
            if not ignore_unexpired and self.is_token_valid():
                return
            await self._refresh_tokens()
        self.emit(EVENT_UPDATE)

    @abstractmethod
    async def _refresh_tokens(self) -> None:
        """Actual implementation to refresh the tokens."""

    async def request(self, method: str, url: str, **kwargs: Any) -> Dict[str, Any]:
        """Make a request."""
        await asyncio.sleep(0.001)
        return {"method": method, "url": url}


class LitterRobotSession(Session):
    """Class with methods for interacting with a Litter-Robot cloud session."""

    def __init__(self) -> None:
        super().__init__()
        self._user = Cognito()
        self._user.id_token = "expired"

    @property
    def tokens(self) -> Optional[Dict[str, str]]:
        return {"id_token": self._user.id_token} if self._user.id_token else None

    def is_token_valid(self) -> bool:
        return self._user.expires_at > time.monotonic()

    async def _refresh_tokens(self) -> None:
        """Refresh the access token."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self._user.renew_access_token)

    async def request(self, method: str, url: str, **kwargs: Any) -> Dict[str, Any]:
        """Make a request."""
        if not kwargs.pop("skip_auth", False) and not self.is_token_valid():
            await self.refresh_tokens()
        return await super().request(method, url, **kwargs)


class Account:
    def __init__(self, session: LitterRobotSession) -> None:
        self.session = session
        self.robots = ["LR4-1", "LR4-2", "FR-1"]

    async def refresh_robots(self) -> None:
        # the Home Assistant coordinator refreshes every robot concurrently
        await asyncio.gather(
            *(self.session.request("GET", "https://api/robots/" + r) for r in self.robots)
        )


def main() -> None:
    account = Account(LitterRobotSession())
    loop = asyncio.new_event_loop()
    runner = threading.Thread(target=partial(loop.run_until_complete, account.refresh_robots()), daemon=True)
    runner.start()
    runner.join(timeout=3)
    if runner.is_alive():
        print("event loop frozen: a second coroutine blocked on the threading.Lock held across await")
    else:
        print("all robots refreshed")


if __name__ == "__main__":
    main()
