import asyncio
import logging
from typing import Any, Dict, Set, Tuple

import requests
from dogpile.cache.region import make_region
from owslib.wms import WebMapService

LOG = logging.getLogger(__name__)
CACHE_REGION = make_region().configure("dogpile.cache.memory")


def get_http_cached(http_options: Dict[str, Any], url: str, headers: Dict[str, str]) -> Tuple[bytes, str]:
    @CACHE_REGION.cache_on_arguments()
    def do_get_http_cached(url: str) -> Tuple[bytes, str]:
        response = requests.get(url, headers=headers, timeout=300, **http_options)
        response.raise_for_status()
        LOG.info("Get url '%s' in %.1fs.", url, response.elapsed.total_seconds())
        return response.content, response.headers.get("Content-Type", "")

    return do_get_http_cached(url)


class OGCServer:
    def __init__(self, name: str, url: str):
        self.name = name
        self.url = url


class Theme:
    def __init__(self, request, ogc_servers):
        self.request = request
        self.ogc_servers = ogc_servers
        self.http_options = {"verify": True}

    def _get_capabilities_url(self, ogc_server: OGCServer) -> str:
        return ogc_server.url + "?SERVICE=WMS&VERSION=1.1.1&REQUEST=GetCapabilities"

    async def _wms_getcap(self, ogc_server: OGCServer, preload: bool = False):
        url = self._get_capabilities_url(ogc_server)
        headers = {"X-Forwarded-Host": "geoportal.example.org"}
        LOG.debug("Get WMS GetCapabilities for URL: %s", url)
        try:
            content, _ = await asyncio.get_event_loop().run_in_executor(
                None, get_http_cached, self.http_options, url, headers
            )
        except Exception:
            error = "Unable to GetCapabilities from URL {}".format(url)
            LOG.error(error, exc_info=True)
            return url, None, [error]
        if preload:
            return url, None, []
        return url, WebMapService(None, xml=content), []

    async def _wms_layers(self, ogc_server: OGCServer):
        _, wms, errors = await self._wms_getcap(ogc_server)
        return ogc_server.name, wms, errors

    async def preload(self, errors: Set[str]) -> None:
        tasks = set()
        for ogc_server in self.ogc_servers:
            tasks.add(asyncio.ensure_future(self._wms_getcap(ogc_server, True)))
        done, _ = await asyncio.wait(tasks)
        for task in done:
            errors |= set(task.result()[2])

    async def themes(self):
        all_errors: Set[str] = set()
        await self.preload(all_errors)
        results = await asyncio.gather(*(self._wms_layers(s) for s in self.ogc_servers))
        return {"ogcServers": {name: wms is not None for name, wms, _ in results}, "errors": sorted(all_errors)}


if __name__ == "__main__":
    servers = [OGCServer("mapserver", "https://geomapfish-demo.example.org/mapserv"),
               OGCServer("qgis", "https://geomapfish-demo.example.org/qgis")]
    print(asyncio.run(Theme(None, servers).themes()))
