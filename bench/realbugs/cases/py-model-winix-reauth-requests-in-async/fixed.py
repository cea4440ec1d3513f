"""Reduction of custom_components/winix (WinixManager / driver) after PR #112.

Re-authentication now goes through aiohttp and is awaited, so the event loop
is never blocked on the login round-trip.
"""
import asyncio

import aiohttp

AUTH_URL = "https://us.mobile.winix-iot.com/login"
STATE_URL = "https://us.api.winix-iot.com/common/event/sttus/devices/{}"


class WinixAccount(object):
    def __init__(self, username, password, session):
        self.username = username
        self.password = password
        self.access_token = None
        self._session = session

    async def async_refresh(self):
        async with self._session.post(
            AUTH_URL,
            json={"username": self.username, "password": self.password},
            timeout=aiohttp.ClientTimeout(total=30),
        ) as resp:
            resp.raise_for_status()
            self.access_token = (await resp.json())["access_token"]


class WinixDriver(object):
    def __init__(self, device_id, account, session):
        self.device_id = device_id
        self.account = account
        self._session = session

    async def get_state(self):
        async with self._session.get(
            STATE_URL.format(self.device_id),
            headers={"Authorization": self.account.access_token or ""},
        ) as resp:
            if resp.status == 401:
                # Another app logged in with the same account: re-auth.
                await self.account.async_refresh()
                return None
            return await resp.json()


class WinixManager(object):
    def __init__(self, drivers):
        self.drivers = drivers

    async def async_update(self):
        return await asyncio.gather(*(d.get_state() for d in self.drivers))


async def main():
    async with aiohttp.ClientSession() as session:
        account = WinixAccount("user@example.com", "secret", session)
        manager = WinixManager([WinixDriver("dev-1", account, session)])
        print(await manager.async_update())


if __name__ == "__main__":
    asyncio.run(main())
