import asyncio
from asyncio import Lock
from contextlib import nullcontext
from logging import getLogger

logger = getLogger(__name__)


class ClientResponse:
    def __init__(self, method, url, body):
        self.method = method
        self.url = url
        self.body = body
        self.status = 200


class ClientSession:
    """Stands in for aiohttp.ClientSession: _request() goes to the network."""

    def __init__(self):
        self.requests_sent = 0

    async def _request(self, method, str_or_url, **kwargs):
        self.requests_sent += 1
        n = self.requests_sent
        await asyncio.sleep(0.01)
        return ClientResponse(method, str_or_url, body="body-%d" % n)


class CacheActions:
    def __init__(self, key, skip_read=False):
        self.key = key
        self.skip_read = skip_read
        self.expires = None


class CacheBackend:
    def __init__(self):
        self.responses = {}
        self.writes = 0

    def create_key(self, method, str_or_url, **kwargs):
        return "%s:%s" % (method, str_or_url)

    def create_cache_actions(self, key, str_or_url, expire_after=None, refresh=False, **kwargs):
        return CacheActions(key)

    async def request(self, actions):
        await asyncio.sleep(0)  # the sqlite/redis/mongo backends do I/O here
        return self.responses.get(actions.key)

    async def is_cacheable(self, response, actions):
        return response.status == 200

    async def save_response(self, response, key, expires=None):
        await asyncio.sleep(0)
        self.writes += 1
        self.responses[key] = response


class CacheMixin:
    """A mixin class for aiohttp.ClientSession that adds caching support"""

    def __init__(self, *, cache=None, **kwargs):
        self.cache = cache or CacheBackend()
        self._locks = {}
        self._null_lock = nullcontext()
        super().__init__(**kwargs)

    async def _request(self, method, str_or_url, expire_after=None, refresh=False, **kwargs):
        """Wrapper around SessionClient._request that adds caching"""
        key = self.cache.create_key(method, str_or_url, **kwargs)
        actions = self.cache.create_cache_actions(
            key, str_or_url, expire_after=expire_after, refresh=refresh, **kwargs
        )
        lock = self._null_lock
        if not actions.skip_read:
            try:
                lock = self._locks[key]
            except KeyError:
                self._locks[key] = Lock()
                lock = self._locks[key]

        async with lock:
            # Attempt to fetch cached response
            response = await self.cache.request(actions)
            if response:
                return response
            # If the response was missing or expired, send and cache a new request
            else:
                logger.debug("Cached response not found; making request to %s", str_or_url)
                new_response = await super()._request(method, str_or_url, **kwargs)
                if await self.cache.is_cacheable(new_response, actions):
                    await self.cache.save_response(new_response, actions.key, actions.expires)
                return new_response


class CachedSession(CacheMixin, ClientSession):
    pass


async def main():
    session = CachedSession()
    urls = ["http://localhost:8080/"] * 10
    results = await asyncio.gather(*[session._request("GET", u) for u in urls])
    print("requests sent:", session.requests_sent, "cache writes:", session.cache.writes)
    print("distinct bodies:", sorted({r.body for r in results}))


if __name__ == "__main__":
    asyncio.run(main())
