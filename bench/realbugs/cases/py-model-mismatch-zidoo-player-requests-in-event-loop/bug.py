import asyncio

import requests

TIMEOUT = 5


class ZidooRC:
    """Reduced from custom_components/zidoo/zidoorc.py."""

    def __init__(self, host):
        self._host = host
        self._cookies = None

    def _req_json(self, url, params=None):
        response = requests.get(
            "http://%s:9529/%s" % (self._host, url),
            params=params,
            cookies=self._cookies,
            timeout=TIMEOUT,
        )
        if response.status_code == 200:
            return response.json()
        return None

    def get_power_status(self):
        data = self._req_json("ZidooControlCenter/getModel")
        return "on" if data else "off"

    def get_playing_info(self):
        return self._req_json("ZidooVideoPlay/getPlayStatus") or {}


class ZidooMediaPlayer:
    """Reduced from custom_components/zidoo/media_player.py."""

    def __init__(self, player):
        self._player = player
        self._state = None
        self._media_info = {}

    async def async_update(self):
        # runs on the Home Assistant event loop
        self._state = self._player.get_power_status()
        if self._state == "on":
            self._media_info = self._player.get_playing_info()


async def main():
    entity = ZidooMediaPlayer(ZidooRC("192.168.1.20"))
    try:
        await asyncio.wait_for(entity.async_update(), 10)
    except Exception as exc:
        print("update failed:", exc)


if __name__ == "__main__":
    asyncio.run(main())
