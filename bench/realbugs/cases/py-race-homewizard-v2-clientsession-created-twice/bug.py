"""python-homewizard-energy v2 client (reduced): lazy aiohttp ClientSession creation."""
from __future__ import annotations

import asyncio
import logging
import ssl
from http import HTTPStatus
from typing import Any

from aiohttp.client import ClientSession, ClientTimeout, TCPConnector
from aiohttp.hdrs import METH_GET

_LOGGER = logging.getLogger(__name__)
CACERT = ""  # bundled HomeWizard CA (omitted)


class HomeWizardEnergyV2:
    """Communicate with a HomeWizard Energy device."""

    _clientsession: ClientSession | None = None
    _request_timeout: int = 10

    def __init__(self, host: str, identifier: str | None = None,
                 token: str | None = None, timeout: int = 10):
        self._host = host
        self._identifier = identifier
        self._token = token
        self._request_timeout = timeout

    @property
    def host(self) -> str:
        return self._host

    async def _get_clientsession(self) -> ClientSession:
        """Get a clientsession that is tuned for communication with the device."""

        def _build_ssl_context() -> ssl.SSLContext:
            context = ssl.create_default_context()
            if self._identifier is not None:
                context.hostname_checks_common_name = True
            else:
                context.check_hostname = False
                context.verify_mode = ssl.CERT_REQUIRED
            return context

        # Creating an SSL context has some blocking IO so need to run it in the executor
        loop = asyncio.get_running_loop()
        context = await loop.run_in_executor(None, _build_ssl_context)

        connector = TCPConnector(enable_cleanup_closed=True, ssl=context, limit_per_host=1)
        return ClientSession(connector=connector,
                             timeout=ClientTimeout(total=self._request_timeout))

    async def _request(self, path: str, method: str = METH_GET,
                       data: object = None) -> tuple[HTTPStatus, dict[str, Any] | None]:
        """Make a request to the API."""
        if self._clientsession is None:
            self._clientsession = await self._get_clientsession()

        url = f"https://{self.host}{path}"
        headers = {"Content-Type": "application/json"}
        if self._token is not None:
            headers["Authorization"] = f"Bearer {self._token}"
        _LOGGER.debug("%s, %s, %s", method, url, data)
        resp = await self._clientsession.request(method, url, json=data, headers=headers)
        return (HTTPStatus(resp.status), await resp.json())

    async def device(self):
        return await self._request("/api")

    async def measurement(self):
        return await self._request("/api/measurement")

    async def close(self) -> None:
        """Close client session."""
        _LOGGER.debug("Closing clientsession")
        if self._clientsession is not None:
            await self._clientsession.close()


async def async_setup_entry(api: HomeWizardEnergyV2) -> None:
    # Home Assistant's coordinator fetches device info and measurements concurrently.
    await asyncio.gather(api.device(), api.measurement(), return_exceptions=True)
    await api.close()  # only the last ClientSession assigned is closed


if __name__ == "__main__":
    asyncio.run(async_setup_entry(HomeWizardEnergyV2("127.0.0.1:9")))
