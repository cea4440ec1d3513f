"""API for fitbit bound to Home Assistant OAuth (homeassistant/components/fitbit/api.py, reduced)."""

from abc import ABC, abstractmethod
from collections.abc import Callable
import logging
from typing import Any, TypeVar, cast

from fitbit import Fitbit
from fitbit.exceptions import HTTPException, HTTPUnauthorized

from homeassistant.const import CONF_ACCESS_TOKEN
from homeassistant.core import HomeAssistant

_LOGGER = logging.getLogger(__name__)

CONF_REFRESH_TOKEN = "refresh_token"
CONF_EXPIRES_AT = "expires_at"

_T = TypeVar("_T")


class FitbitApiException(Exception):
    pass


class FitbitApi(ABC):
    """Fitbit client library wrapper base class."""

    def __init__(self, hass: HomeAssistant) -> None:
        self._hass = hass
        self._profile: dict[str, Any] | None = None

    @abstractmethod
    async def async_get_access_token(self) -> dict[str, Any]:
        """Return a valid token dictionary for the Fitbit API."""

    async def _async_get_client(self) -> Fitbit:
        """Get synchronous client library, called before each client request."""
        # Always rely on Home Assistant's token update mechanism which refreshes
        # the data in the configuration entry.
        token = await self.async_get_access_token()
        return Fitbit(
            client_id=None,
            client_secret=None,
            access_token=token[CONF_ACCESS_TOKEN],
            refresh_token=token[CONF_REFRESH_TOKEN],
            expires_at=float(token[CONF_EXPIRES_AT]),
        )

    async def async_get_user_profile(self) -> dict[str, Any]:
        """Return the user profile from the API."""
        if self._profile is None:
            client = await self._async_get_client()
            response: dict[str, Any] = await self._run(client.user_profile_get)
            self._profile = response["user"]
        return self._profile

    async def async_get_latest_time_series(self, resource_type: str) -> dict[str, Any]:
        """Return the most recent value from the time series for the specified resource type."""
        client = await self._async_get_client()

        def _time_series() -> dict[str, Any]:
            return cast(dict[str, Any], client.time_series(resource_type, period="7d"))

        response: dict[str, Any] = await self._run(_time_series)
        return response[resource_type.replace("/", "-")][-1]

    async def _run(self, func: Callable[[], _T]) -> _T:
        """Run client command."""
        try:
            return await self._hass.async_add_executor_job(func)
        except (HTTPUnauthorized, HTTPException) as err:
            raise FitbitApiException from err


class ConfigFlowFitbitApi(FitbitApi):
    """Profile fitbit authentication before a ConfigEntry exists."""

    def __init__(self, hass: HomeAssistant, token: dict[str, Any]) -> None:
        super().__init__(hass)
        self._token = token

    async def async_get_access_token(self) -> dict[str, Any]:
        return self._token
