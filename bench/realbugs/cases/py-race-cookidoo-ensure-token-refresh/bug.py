"""cookidoo-api: _ensure_token() checks the expiry and refreshes without synchronisation."""
import asyncio
import itertools
import time

TOKEN_EXPIRY_MARGIN_S = 60


class CookidooAuthException(Exception):
    pass


class FakeIdp:
    """Rotates the refresh token on every grant and retires the old one."""

    def __init__(self):
        self._ids = itertools.count(1)
        self.valid_refresh = "r0"
        self.grants = 0

    async def token(self, refresh_token):
        await asyncio.sleep(0.01)  # network round trip
        if refresh_token != self.valid_refresh:
            raise CookidooAuthException("invalid_grant: refresh token was rotated")
        self.grants += 1
        n = next(self._ids)
        self.valid_refresh = "r%d" % n
        return {"access_token": "a%d" % n, "refresh_token": self.valid_refresh, "expires_in": 600}


class Cookidoo:
    def __init__(self, idp):
        self._idp = idp
        self._logged_in = True
        self._access_token = "a0"
        self._refresh_token = "r0"
        self._expires_at = time.time()  # about to expire
        self._endpoints = None
        self._endpoints_lock = asyncio.Lock()

    def _apply_tokens(self, data):
        self._access_token = data["access_token"]
        if data.get("refresh_token"):
            self._refresh_token = data["refresh_token"]
        self._expires_at = time.time() + data["expires_in"]

    async def refresh(self):
        data = await self._idp.token(self._refresh_token)
        self._apply_tokens(data)

    async def _ensure_endpoints(self):
        async with self._endpoints_lock:
            if self._endpoints is None:
                await asyncio.sleep(0.01)  # discovery document
                self._endpoints = {"shopping_list": "/shopping/de-DE"}

    async def _ensure_token(self):
        if not self._logged_in:
            return
        if time.time() >= self._expires_at - TOKEN_EXPIRY_MARGIN_S:
            await self.refresh()

    async def get_shopping_list_recipes(self):
        await self._ensure_endpoints()
        await self._ensure_token()
        return (self._endpoints["shopping_list"], self._access_token)


async def main():
    idp = FakeIdp()
    api = Cookidoo(idp)
    results = await asyncio.gather(
        *(api.get_shopping_list_recipes() for _ in range(3)), return_exceptions=True
    )
    print("token grants:", idp.grants)
    for r in results:
        print(" ", r if not isinstance(r, Exception) else "error: %s" % r)


if __name__ == "__main__":
    asyncio.run(main())
