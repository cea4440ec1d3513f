"""twitchAPI.twitch.Twitch: concurrent API calls refresh the same user token."""
import asyncio
import logging
from typing import Awaitable, Callable, Optional, Tuple


class InvalidRefreshTokenException(Exception):
    pass


_ISSUED = {"refresh-0"}


async def refresh_access_token(refresh_token: str, app_id: str, app_secret: str,
                               auth_base_url: str = "https://id.twitch.tv/oauth2/") -> Tuple[str, str]:
    """twitchAPI.oauth.refresh_access_token: Twitch rotates the refresh token on use."""
    await asyncio.sleep(0.05)  # POST {auth_base_url}token
    if refresh_token not in _ISSUED:
        raise InvalidRefreshTokenException(refresh_token)
    _ISSUED.discard(refresh_token)
    n = int(refresh_token.split("-")[1]) + 1
    _ISSUED.add(f"refresh-{n}")
    return f"access-{n}", f"refresh-{n}"


class Twitch:
    def __init__(self, app_id: str, app_secret: str) -> None:
        self.app_id = app_id
        self.app_secret = app_secret
        self.auth_base_url = "https://id.twitch.tv/oauth2/"
        self.logger = logging.getLogger("twitchAPI.twitch")
        self.user_auth_refresh_callback: Optional[Callable[[str, str], Awaitable[None]]] = None
        self.auto_refresh_auth = True
        self._has_user_auth = False
        self._user_auth_token: Optional[str] = None
        self._user_auth_refresh_token: Optional[str] = None
        self._user_token_refresh_lock: bool = False

    async def set_user_authentication(self, token: str, refresh_token: str) -> None:
        self._user_auth_token = token
        self._user_auth_refresh_token = refresh_token
        self._has_user_auth = True

    async def refresh_used_token(self):
        """Refreshes the currently used token"""
        if self._has_user_auth:
            if self._user_token_refresh_lock:
                while self._user_token_refresh_lock:
                    await asyncio.sleep(0.1)
            else:
                self.logger.debug('refreshing user token')
                self._user_token_refresh_lock = True
                self._user_auth_token, self._user_auth_refresh_token = await refresh_access_token(
                    self._user_auth_refresh_token, self.app_id, self.app_secret,
                    auth_base_url=self.auth_base_url)
                self._user_token_refresh_lock = False
                if self.user_auth_refresh_callback is not None:
                    await self.user_auth_refresh_callback(self._user_auth_token, self._user_auth_refresh_token)

    async def _check_request_return(self, status: int, retry_func, *args):
        if self.auto_refresh_auth and status == 401:
            await self.refresh_used_token()
            return await retry_func(*args)
        return status

    async def _api_get_request(self, url: str, retries: int = 1):
        await asyncio.sleep(0)
        status = 401 if retries else 200  # the access token just expired
        if retries:
            return await self._check_request_return(status, self._api_get_request, url, retries - 1)
        return status

    async def get_users(self):
        return await self._api_get_request("users")

    async def get_channel_information(self):
        return await self._api_get_request("channels")


async def main():
    twitch = Twitch("app-id", "app-secret")
    await twitch.set_user_authentication("access-0", "refresh-0")
    print(await asyncio.gather(twitch.get_users(), twitch.get_channel_information()))


if __name__ == "__main__":
    asyncio.run(main())
