"""pypolestar: reduction of pypolestar/auth.py (PolestarAuth.get_token and the PKCE
helpers), driven the way PolestarApi refreshes the token before each car query.

httpx and the PingFederate OIDC provider are replaced by a small in-process fake.
"""
import asyncio
import base64
import hashlib
import itertools
import logging
import os
from datetime import datetime, timedelta, timezone

OIDC_CLIENT_ID = "l3oopkc_10"
_LOGGER = logging.getLogger(__name__)


class PolestarAuthException(Exception):
    pass


def b64urlencode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


class FakeOidcProvider:
    """Authorization server: a code is bound to the code_challenge it was issued for."""

    def __init__(self):
        self._codes = {}
        self._ids = itertools.count(1)

    async def authorize(self, code_challenge):
        await asyncio.sleep(0.01)
        code = "code-%d" % next(self._ids)
        self._codes[code] = code_challenge
        return {"code": code}

    async def token(self, data):
        await asyncio.sleep(0.01)
        if data["grant_type"] == "refresh_token":
            return 200, {"access_token": "at-refreshed", "refresh_token": "rt", "expires_in": 3600}
        challenge = self._codes.pop(data["code"], None)
        verifier = data.get("code_verifier", "")
        if challenge != b64urlencode(hashlib.sha256(verifier.encode()).digest()):
            return 400, {"error": "invalid_grant", "error_description": "PKCE verification failed"}
        return 200, {"access_token": "at-" + data["code"], "refresh_token": "rt", "expires_in": 3600}


class PolestarAuth:
    """base class for Polestar authentication."""

    def __init__(self, username: str, password: str, provider: FakeOidcProvider) -> None:
        self.username = username
        self.password = password
        self.provider = provider
        self.access_token = None
        self.refresh_token = None
        self.token_lifetime = None
        self.token_expiry = None
        self.oidc_code_verifier = None
        self.oidc_state = None
        self.latest_call_code = None
        self.logger = _LOGGER

    async def get_token(self, refresh=False) -> None:
        """Get the token from Polestar."""

        if (
            not refresh
            or self.token_expiry is None
            or self.token_expiry < datetime.now(tz=timezone.utc)
        ):
            if (code := await self._get_code()) is None:
                return

            token_request = {
                "grant_type": "authorization_code",
                "client_id": OIDC_CLIENT_ID,
                "code": code,
                **({"code_verifier": self.oidc_code_verifier} if self.oidc_code_verifier else {}),
            }
        elif self.refresh_token:
            token_request = {
                "grant_type": "refresh_token",
                "client_id": OIDC_CLIENT_ID,
                "refresh_token": self.refresh_token,
            }
        else:
            return

        status, payload = await self.provider.token(token_request)
        self.latest_call_code = status
        try:
            self.access_token = payload["access_token"]
            self.refresh_token = payload["refresh_token"]
            self.token_lifetime = payload["expires_in"]
            self.token_expiry = datetime.now(tz=timezone.utc) + timedelta(seconds=self.token_lifetime)
        except KeyError as exc:
            raise PolestarAuthException("Incomplete token response: %s" % payload) from exc

    async def _get_code(self):
        query_params = await self._get_resume_path()
        return query_params.get("code")

    async def _get_resume_path(self):
        """Get Resume Path from Polestar."""
        self.oidc_state = self.get_state()
        return await self.provider.authorize(self.get_code_challenge())

    @staticmethod
    def get_state() -> str:
        return b64urlencode(os.urandom(32))

    @staticmethod
    def get_code_verifier() -> str:
        return b64urlencode(os.urandom(32))

    def get_code_challenge(self) -> str:
        self.oidc_code_verifier = self.get_code_verifier()
        m = hashlib.sha256()
        m.update(self.oidc_code_verifier.encode())
        return b64urlencode(m.digest())


class PolestarApi:
    def __init__(self, auth: PolestarAuth, vins):
        self.auth = auth
        self.vins = vins

    async def get_car_telematics(self, vin: str):
        # the token expired overnight: every query re-runs the login flow
        await self.auth.get_token(refresh=True)
        return {"vin": vin, "token": self.auth.access_token}

    async def async_update(self):
        return await asyncio.gather(
            *(self.get_car_telematics(vin) for vin in self.vins), return_exceptions=True
        )


async def main():
    api = PolestarApi(PolestarAuth("user@example.com", "secret", FakeOidcProvider()), ["VIN1", "VIN2"])
    for vin, result in zip(api.vins, await api.async_update()):
        print(vin, "failed:" if isinstance(result, Exception) else "ok", result if isinstance(result, Exception) else "")


if __name__ == "__main__":
    asyncio.run(main())
