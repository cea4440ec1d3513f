"""Reduced from DomainTools/python_api issue #30 (sync rate-limit request inside async call)."""
import asyncio
import time

import aiohttp
import requests


class API:
    def __init__(self, username: str, key: str, rate_limit: bool = True):
        self.username = username
        self.key = key
        self.rate_limit = rate_limit
        self.limits_set = False
        self.limits = {}
        self.session = requests.Session()

    def _rate_limit(self):
        # fetch the account limits once, via the synchronous requests session
        if not self.limits_set:
            resp = self.session.get(
                "https://api.domaintools.com/v1/account",
                params={"api_username": self.username, "api_key": self.key},
            )
            for product in resp.json()["response"]["products"]:
                self.limits[product["id"]] = product["per_minute_limit"]
            self.limits_set = True


class AsyncResults:
    def __init__(self, api: API, product: str, url: str):
        self.api = api
        self.product = product
        self.url = url

    async def _make_async_request(self):
        if self.api.rate_limit:
            self.api._rate_limit()
        async with aiohttp.ClientSession() as session:
            async with session.get(self.url) as resp:
                return await resp.json()

    def __await__(self):
        return self._make_async_request().__await__()


async def whois_history(api: API, domains):
    calls = [AsyncResults(api, "whois-history", f"https://api.domaintools.com/v1/{d}/whois/history") for d in domains]
    started = time.monotonic()
    results = await asyncio.gather(*calls)
    return results, time.monotonic() - started


if __name__ == "__main__":
    asyncio.run(whois_history(API("user", "key"), ["example.com", "example.org"]))
