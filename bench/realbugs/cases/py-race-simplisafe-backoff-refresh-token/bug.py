"""Define functionality for interacting with the SimpliSafe API."""
from __future__ import annotations

import asyncio
import sys
from datetime import datetime, timedelta
from typing import Any, Callable

import backoff
from aiohttp import ClientSession
from aiohttp.client_exceptions import ClientResponseError

API_URL_BASE = "https://api.simplisafe.com/v1"
AUTH_URL_BASE = "https://auth.simplisafe.com"
DEFAULT_EXPIRATION_PADDING = 300
DEFAULT_REQUEST_RETRIES = 4


def get_expiration_datetime(expires_in_seconds: int) -> datetime:
    """Get a token expiration datetime as an offset of UTC now + a number of seconds."""
    return datetime.utcnow() + timedelta(seconds=expires_in_seconds - DEFAULT_EXPIRATION_PADDING)


class API:
    """An API object to interact with the SimpliSafe cloud."""

    def __init__(self, *, session: ClientSession, request_retries: int = DEFAULT_REQUEST_RETRIES) -> None:
        self._refresh_token_callbacks: list[Callable[..., None]] = []
        self.session = session
        self._access_token_expire_dt: datetime | None = None
        self.access_token: str | None = None
        self.refresh_token: str | None = None

        # Implement a version of the request coroutine, but with backoff/retry logic:
        self.request = backoff.on_exception(
            backoff.expo,
            ClientResponseError,
            jitter=backoff.random_jitter,
            max_tries=request_retries,
            on_backoff=self._async_handle_on_backoff,
        )(self._async_request)

    async def _async_handle_on_backoff(self, _: dict[str, Any]) -> None:
        """Handle a backoff retry."""
        err_info = sys.exc_info()
        err: ClientResponseError = err_info[1].with_traceback(err_info[2])  # type: ignore

        if err.status == 401 or err.status == 403:
            assert self._access_token_expire_dt
            # Since we might have multiple requests (each running their own retry
            # sequence) land here, we only refresh the access token if it hasn't
            # been refreshed within the expiration window:
            if datetime.utcnow() < self._access_token_expire_dt:
                return

            await self._async_refresh_access_token()

    async def _async_refresh_access_token(self) -> None:
        """Update access/refresh tokens from a refresh token."""
        token_resp = await self._async_request(
            "post",
            "oauth/token",
            url_base=AUTH_URL_BASE,
            json={"grant_type": "refresh_token", "refresh_token": self.refresh_token},
        )
        self._access_token_expire_dt = get_expiration_datetime(token_resp["expires_in"])
        self.access_token = token_resp["access_token"]
        self.refresh_token = token_resp["refresh_token"]

        for callback in self._refresh_token_callbacks:
            callback(self.refresh_token)

    async def _async_request(
        self, method: str, endpoint: str, url_base: str = API_URL_BASE, **kwargs: Any
    ) -> dict[str, Any]:
        """Execute an API request."""
        kwargs.setdefault("headers", {})
        if self.access_token:
            kwargs["headers"]["Authorization"] = f"Bearer {self.access_token}"
        async with self.session.request(method, f"{url_base}/{endpoint}", **kwargs) as resp:
            data = await resp.json(content_type=None)
            resp.raise_for_status()
        return data

    async def async_update_subscription_data(self, user_id: int) -> dict[str, Any]:
        """Get the latest subscription data."""
        return await self.request("get", f"users/{user_id}/subscriptions", params={"activeOnly": "true"})

    async def async_get_system(self, sid: int) -> dict[str, Any]:
        """Get the latest data for a system."""
        return await self.request("get", f"ss3/subscriptions/{sid}/sensors")


async def poll_all(api: API, user_id: int, sids: list[int]) -> list[Any]:
    # Home Assistant's coordinator refreshes every system at once; an expired
    # token makes every one of these retry sequences hit the 401 path together.
    return await asyncio.gather(
        api.async_update_subscription_data(user_id),
        *(api.async_get_system(sid) for sid in sids),
        return_exceptions=True,
    )
