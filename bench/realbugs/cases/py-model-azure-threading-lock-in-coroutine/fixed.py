"""azure-core's async bearer-token policy guards a token refresh with threading.Lock."""
import asyncio
import time


class AccessToken:
    def __init__(self, token, expires_on):
        self.token = token
        self.expires_on = expires_on


class SlowCredential:
    async def get_token(self, *scopes):
        await asyncio.sleep(0.05)  # HTTP round trip to the identity endpoint
        return AccessToken("tok-%d" % int(time.time()), time.time() + 3600)


class _BearerTokenCredentialPolicyBase:
    def __init__(self, credential, *scopes):
        self._credential = credential
        self._scopes = scopes
        self._token = None

    @property
    def _need_new_token(self):
        return not self._token or self._token.expires_on - time.time() < 300

    @staticmethod
    def _update_headers(headers, token):
        headers["Authorization"] = "Bearer {}".format(token)


class AsyncBearerTokenCredentialPolicy(_BearerTokenCredentialPolicyBase):
    def __init__(self, credential, *scopes):
        super().__init__(credential, *scopes)
        self._lock = asyncio.Lock()

    async def on_request(self, request):
        async with self._lock:
            if self._need_new_token:
                self._token = await self._credential.get_token(*self._scopes)
        self._update_headers(request["headers"], self._token.token)


async def main():
    policy = AsyncBearerTokenCredentialPolicy(SlowCredential(), "https://vault.azure.net/.default")
    requests = [{"headers": {}} for _ in range(2)]
    await asyncio.gather(*(policy.on_request(r) for r in requests))
    print([r["headers"]["Authorization"] for r in requests])


if __name__ == "__main__":
    asyncio.run(main())
