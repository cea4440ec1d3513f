"""yoto_api: reduction of yoto_api/client.py (YotoClient.check_and_refresh_token)
and yoto_api/auth.py (Auth.refresh).

update_all_player_info() gathers one update_player_info() per player; each of
them starts with check_and_refresh_token().
"""
import asyncio
import datetime
import itertools
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Dict, Optional

_LOGGER = logging.getLogger(__name__)
DOMAIN = "yoto"


class YotoError(Exception):
    pass


@dataclass
class Token:
    access_token: Optional[str] = None
    refresh_token: Optional[str] = None
    valid_until: Optional[datetime.datetime] = None


class Auth:
    """OAuth token endpoint; the server rotates refresh tokens on use."""

    def __init__(self):
        self._ids = itertools.count(1)
        self._valid_refresh = "r0"
        self.grants = 0

    async def refresh(self, token: Token) -> Token:
        await asyncio.sleep(0.01)  # POST /oauth/token
        if token.refresh_token != self._valid_refresh:
            raise YotoError("invalid_grant: refresh token already used")
        self.grants += 1
        n = next(self._ids)
        self._valid_refresh = "r%d" % n
        return Token(
            access_token="a%d" % n,
            refresh_token=self._valid_refresh,
            valid_until=datetime.datetime.now(datetime.timezone.utc) + timedelta(hours=24),
        )


class RestClient:
    async def get_player_info(self, token: Token, device_id: str):
        await asyncio.sleep(0.005)
        return {"deviceId": device_id, "token": token.access_token}, True


class YotoClient:
    def __init__(self) -> None:
        self._auth = Auth()
        self._rest = RestClient()
        self._mqtt = None
        self.token: Optional[Token] = None
        self.players: Dict[str, dict] = {}
        self._token_lock = asyncio.Lock()

    def set_refresh_token(self, refresh_token: str) -> None:
        self.token = Token(refresh_token=refresh_token)

    async def reconnect_events(self) -> None:
        pass

    async def check_and_refresh_token(self) -> Token:
        """Refresh the access token if it's expired or about to expire."""
        async with self._token_lock:
            if self.token is None:
                raise YotoError("No token available; authenticate first")
            if (
                self.token.access_token is None
                or self.token.valid_until is None
                or self.token.valid_until - timedelta(hours=1)
                <= datetime.datetime.now(datetime.timezone.utc)
            ):
                _LOGGER.debug("%s - access token expired or near, refreshing", DOMAIN)
                self.token = await self._auth.refresh(self.token)
                if self._mqtt is not None:
                    # MQTT auth uses the access token; rotate the connection
                    # while preserving the player list and callbacks.
                    await self.reconnect_events()
            return self.token

    async def update_player_info(self, device_id: str):
        token = await self.check_and_refresh_token()
        info, online = await self._rest.get_player_info(token, device_id)
        player = self.players.get(device_id)
        if player is not None:
            player["info"] = info
            player["online"] = online
        return info

    async def update_all_player_info(self) -> None:
        device_ids = list(self.players)
        results = await asyncio.gather(
            *(self.update_player_info(d) for d in device_ids),
            return_exceptions=True,
        )
        for device_id, result in zip(device_ids, results):
            if isinstance(result, YotoError):
                _LOGGER.warning(
                    "%s - update_player_info failed for %s: %s", DOMAIN, device_id, result
                )


async def main():
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    client = YotoClient()
    client.set_refresh_token("r0")
    client.players = {"y1": {}, "y2": {}, "y3": {}}
    await client.update_all_player_info()
    print("token grants:", client._auth.grants)


if __name__ == "__main__":
    asyncio.run(main())
