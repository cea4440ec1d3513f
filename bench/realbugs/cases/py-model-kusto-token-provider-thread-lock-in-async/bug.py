"""azure-kusto-data 2.3 _token_providers.py (reduced): one class-level lock for sync and async paths."""
import abc
import asyncio
import time
from threading import Lock


class KustoAuthenticationError(Exception):
    pass


class TokenConstants:
    BEARER_TYPE = "Bearer"
    AZ_TOKEN_TYPE = "token_type"
    AZ_ACCESS_TOKEN = "access_token"


class TokenProviderBase(abc.ABC):
    lock = Lock()
    _initialized = False

    def __init__(self, kusto_uri: str, is_async: bool = False):
        self.is_async = is_async
        self._kusto_uri = kusto_uri
        self._scopes = [kusto_uri.rstrip("/") + "/.default"]

    def get_token(self):
        """Get a token silently from cache or authenticate if cached token is not found"""
        with TokenProviderBase.lock:
            token = self._get_token_from_cache_impl()
            if token is None:
                token = self._get_token_impl()
            return self._valid_token_or_throw(token)

    async def get_token_async(self):
        """Get a token asynchronously silently from cache or authenticate if cached token is not found"""
        with TokenProviderBase.lock:
            token = self._get_token_from_cache_impl()
            if token is None:
                token = await self._get_token_impl_async()
            return self._valid_token_or_throw(token)

    @staticmethod
    def _valid_token_or_throw(token):
        if token is None:
            raise KustoAuthenticationError("Failed to obtain a token")
        return {TokenConstants.AZ_TOKEN_TYPE: TokenConstants.BEARER_TYPE,
                TokenConstants.AZ_ACCESS_TOKEN: token}

    @abc.abstractmethod
    def _get_token_from_cache_impl(self):
        pass

    @abc.abstractmethod
    def _get_token_impl(self):
        pass

    async def _get_token_impl_async(self):
        return self._get_token_impl()


class ApplicationKeyTokenProvider(TokenProviderBase):
    def __init__(self, kusto_uri, app_client_id, app_key, authority_uri, is_async=False):
        super().__init__(kusto_uri, is_async)
        self._cache = None

    def _get_token_from_cache_impl(self):
        return self._cache

    def _get_token_impl(self):
        time.sleep(0.05)
        self._cache = "eyJ0eXAiOiJKV1Qi"
        return self._cache

    async def _get_token_impl_async(self):
        await asyncio.sleep(0.05)  # aiohttp call to the AAD token endpoint
        self._cache = "eyJ0eXAiOiJKV1Qi"
        return self._cache


async def execute(provider, query):
    header = await provider.get_token_async()
    return query, header[TokenConstants.AZ_TOKEN_TYPE]


async def main():
    provider = ApplicationKeyTokenProvider("https://help.kusto.windows.net", "app", "key", "tenant", True)
    print(await asyncio.gather(execute(provider, "StormEvents | take 1"),
                               execute(provider, "StormEvents | count")))


if __name__ == "__main__":
    import threading
    t = threading.Thread(target=asyncio.run, args=(main(),), daemon=True)
    t.start()
    t.join(timeout=3)
    print("event loop blocked on threading.Lock" if t.is_alive() else "done")
