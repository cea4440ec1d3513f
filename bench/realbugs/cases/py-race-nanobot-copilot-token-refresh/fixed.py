"""Reduction of nanobot's GitHubCopilotProvider token exchange (HKUDS/nanobot#4684)."""
from __future__ import annotations

import asyncio
import itertools
import time

DEFAULT_COPILOT_TOKEN_URL = "https://api.github.com/copilot_internal/v2/token"
_EXPIRY_SKEW_SECONDS = 60
_issued = itertools.count(1)
token_requests = []


class AsyncClient:
    """Stand-in for httpx.AsyncClient: every GET is a network round trip."""

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        return False

    async def get(self, url, headers=None):
        token_requests.append(url)
        await asyncio.sleep(0.01)
        return {"token": f"tid={next(_issued)}", "refresh_in": 1500}


class OpenAICompatProvider:
    def __init__(self, api_key: str):
        self.api_key = api_key

    async def chat(self, messages):
        await asyncio.sleep(0)
        return {"auth": self.api_key, "echo": messages[-1]}


class GitHubCopilotProvider(OpenAICompatProvider):
    def __init__(self):
        self._copilot_access_token: str | None = None
        self._copilot_expires_at: float = 0.0
        self._copilot_token_lock: asyncio.Lock = asyncio.Lock()
        super().__init__(api_key="no-key")

    async def _get_copilot_access_token(self) -> str:
        now = time.time()
        if self._copilot_access_token and now < self._copilot_expires_at - _EXPIRY_SKEW_SECONDS:
            return self._copilot_access_token

        async with self._copilot_token_lock:
            # Re-check after acquiring the lock: another task may have refreshed
            # the token while we were waiting.
            now = time.time()
            if self._copilot_access_token and now < self._copilot_expires_at - _EXPIRY_SKEW_SECONDS:
                return self._copilot_access_token

            async with AsyncClient() as client:
                payload = await client.get(DEFAULT_COPILOT_TOKEN_URL)

            token = payload.get("token")
            if not token:
                raise RuntimeError("GitHub Copilot token exchange returned no token.")
            refresh_in = payload.get("refresh_in") or 1500
            self._copilot_expires_at = time.time() + int(refresh_in)
            self._copilot_access_token = str(token)
            return self._copilot_access_token

    async def _refresh_client_api_key(self) -> str:
        token = await self._get_copilot_access_token()
        self.api_key = token
        return token

    async def chat(self, messages):
        await self._refresh_client_api_key()
        return await super().chat(messages)


async def main():
    provider = GitHubCopilotProvider()
    # Several agent turns share one provider and all arrive after expiry.
    await asyncio.gather(*(provider.chat([f"turn {i}"]) for i in range(5)))
    print("token exchanges:", len(token_requests))  # 5 with the bug, 1 when fixed


if __name__ == "__main__":
    asyncio.run(main())
