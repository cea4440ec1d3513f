"""FLUXNET Shuttle HTTP utilities (fluxnet_shuttle/core/http_utils.py, reduced) + AmeriFlux plugin."""
import asyncio
import logging
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Dict, List

import aiohttp

_logger = logging.getLogger(__name__)

AMERIFLUX_BASE_URL = "https://amfcdn.lbl.gov/api/v2/"


@asynccontextmanager
async def get_session() -> AsyncGenerator[aiohttp.ClientSession, None]:
    """Create an aiohttp ClientSession that tolerates slow TLS handshakes."""
    client_timeout = aiohttp.ClientTimeout(
        total=None,  # no global deadline
        sock_connect=60,  # allow slow TLS handshakes on a busy network
        sock_read=300,  # 5 minute read timeout to avoid TLS issues
    )
    session = aiohttp.ClientSession(timeout=client_timeout)
    try:
        yield session
    finally:
        await session.close()


@asynccontextmanager
async def session_request(method: str, url: str, **kwargs: Any) -> AsyncGenerator[aiohttp.ClientResponse, None]:
    """Make an HTTP request using a fresh session; raise on 4xx/5xx."""
    try:
        async with get_session() as session:
            async with session.request(method, url, **kwargs) as response:
                response.raise_for_status()  # Raise an error for bad responses (4xx and 5xx)
                yield response
    except aiohttp.ClientResponseError as e:
        _logger.error(f"HTTP response error: {e.status} - {e.message}")
        raise e
    except aiohttp.ClientConnectionError as e:
        _logger.error(f"HTTP request failed: {e}")
        raise e


class AmeriFluxPlugin:
    name = "ameriflux"

    async def get_sites(self) -> List[Dict[str, Any]]:
        url = AMERIFLUX_BASE_URL + "data_availability/AmeriFlux/FLUXNET/CCBY4.0"
        async with session_request("GET", url) as response:
            payload = await response.json()
        return payload.get("values", [])

    async def get_download_urls(self, site_ids: List[str]) -> Dict[str, str]:
        url = AMERIFLUX_BASE_URL + "data_download"
        body = {"user_id": "fluxnet-shuttle", "site_ids": site_ids, "data_product": "FLUXNET"}
        async with session_request("POST", url, json=body) as response:
            payload = await response.json()
        return {f["site_id"]: f["url"] for f in payload.get("data_urls", [])}


async def list_sites() -> None:
    plugin = AmeriFluxPlugin()
    for _ in range(3):
        try:
            sites = await plugin.get_sites()
            print("sites:", len(sites))
            return
        except (aiohttp.ClientError, OSError) as exc:  # 504 from the data portal, DNS failure...
            print("retrying after", type(exc).__name__)


if __name__ == "__main__":
    asyncio.run(list_sites())
