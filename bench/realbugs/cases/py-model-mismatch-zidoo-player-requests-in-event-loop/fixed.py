import asyncio

import aiohttp

TIMEOUT = aiohttp.ClientTimeout(total=5)


class ZidooRC:
    """Reduced from custom_components/zidoo/zidoorc.py (v2.0.1, aiohttp)."""

    def __init__(self, host, session):
        self._host = host
        self._session = session
        self._cookies = None

    async def _req_json(self, url, params=None):
        async with self._session.get(
            "http://%s:9529/%s" % (self._host, url),
            params=params,
            cookies=self._cookies,
            timeout=TIMEOUT,
        ) as response:
            if response.status == 200:
                return await response.json(content_type=None)
        return None

    async def get_power_status(self):
        data = await self._req_json("ZidooControlCenter/getModel")
        return "on" if data else "off"

    async def get_playing_info(self):
        return await self._req_json("ZidooVideoPlay/getPlayStatus") or {}


class ZidooMediaPlayer:
    """Reduced from custom_components/zidoo/media_player.py."""

    def __init__(self, player):
        self._player = player
        self._state = None
        self._media_info = {}

    async def async_update(self):
        # runs on the Home Assistant event loop; all I/O is awaited
        self._state = await self._player.get_power_status()
        if self._state == "on":
            self._media_info = await self._player.get_playing_info()


async def main():
    async with aiohttp.ClientSession() as session:
        entity = ZidooMediaPlayer(ZidooRC("192.168.1.20", session))
        try:
            await asyncio.wait_for(entity.async_update(), 10)
        except Exception as exc:
            print("update failed:", exc)


if __name__ == "__main__":
    asyncio.run(main())
