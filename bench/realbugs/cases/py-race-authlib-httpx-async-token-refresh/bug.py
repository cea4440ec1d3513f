import asyncio
import time


class MissingTokenError(Exception):
    pass


class InvalidTokenError(Exception):
    pass


class OAuth2Token(dict):
    def __init__(self, params):
        if params.get("expires_at"):
            params["expires_at"] = int(params["expires_at"])
        elif params.get("expires_in"):
            params["expires_at"] = int(time.time()) + int(params["expires_in"])
        super().__init__(params)

    def is_expired(self):
        expires_at = self.get("expires_at")
        if not expires_at:
            return None
        return expires_at - 60 < time.time()

    @classmethod
    def from_dict(cls, token):
        if isinstance(token, dict) and not isinstance(token, cls):
            token = cls(token)
        return token


class RotatingTokenEndpoint:
    """Authorization server that rotates (and retires) the refresh token on every use."""

    def __init__(self):
        self.valid_refresh_tokens = {"rt-0"}
        self.issued = 0

    async def post(self, url, data):
        await asyncio.sleep(0.01)
        if data["refresh_token"] not in self.valid_refresh_tokens:
            raise InvalidTokenError("invalid_grant: %s" % data["refresh_token"])
        self.valid_refresh_tokens.discard(data["refresh_token"])
        self.issued += 1
        self.valid_refresh_tokens.add("rt-%d" % self.issued)
        return {"access_token": "at-%d" % self.issued, "refresh_token": "rt-%d" % self.issued, "expires_in": 3600}


class AsyncOAuth2Client:
    def __init__(self, transport, token=None, token_endpoint=None, update_token=None):
        self._transport = transport
        self.metadata = {"token_endpoint": token_endpoint}
        self.update_token = update_token
        self.token = token

    @property
    def token(self):
        return self._token

    @token.setter
    def token(self, token):
        self._token = OAuth2Token.from_dict(token)

    async def request(self, method, url, withhold_token=False, auth=None, **kwargs):
        if not withhold_token and auth is None:
            if not self.token:
                raise MissingTokenError()
            if self.token.is_expired():
                await self.ensure_active_token()
            auth = self.token["access_token"]
        await asyncio.sleep(0)
        return {"method": method, "url": url, "auth": auth}

    async def ensure_active_token(self):
        refresh_token = self.token.get("refresh_token")
        url = self.metadata.get("token_endpoint")
        if refresh_token and url:
            await self.refresh_token(url, refresh_token=refresh_token)
        else:
            raise InvalidTokenError()

    async def refresh_token(self, url, refresh_token=None, **kwargs):
        data = {"grant_type": "refresh_token", "refresh_token": refresh_token}
        token = await self._transport.post(url, data)
        self.token = token
        if self.update_token:
            await self.update_token(self.token, refresh_token=refresh_token)
        return self.token


async def main():
    expired = {"access_token": "at-0", "refresh_token": "rt-0", "expires_at": time.time() - 10}
    client = AsyncOAuth2Client(RotatingTokenEndpoint(), token=expired, token_endpoint="https://auth/token")
    results = await asyncio.gather(
        *(client.request("GET", "https://api/items/%d" % i) for i in range(3)),
        return_exceptions=True,
    )
    for r in results:
        print(r)


if __name__ == "__main__":
    asyncio.run(main())
