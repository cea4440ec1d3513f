"""Reduced from skodaconnect/skodaconnect#32: Connection._login() runs on the
Home Assistant event loop; fixed by awaiting asyncio.sleep between login steps."""
import asyncio


class Connection:
    def __init__(self, session, username, password):
        self._session = session
        self._username = username
        self._password = password
        self._session_tokens = {}
        self._session_logged_in = False

    async def _request(self, url, data=None):
        await asyncio.sleep(0.01)
        return {"url": url, "data": data, "token": "abc"}

    async def _getAPITokens(self, code):
        await asyncio.sleep(0.01)
        return {"access_token": code, "refresh_token": code[::-1]}

    async def _login(self, client="Legacy"):
        step1 = await self._request("https://identity.vwgroup.io/oidc/v1/authorize")
        # The identity server rate limits fast logins: wait a little between steps.
        await asyncio.sleep(1)
        step2 = await self._request("https://identity.vwgroup.io/signin-service/v1/identifier",
                                    data={"email": self._username})
        await asyncio.sleep(1)
        step3 = await self._request("https://identity.vwgroup.io/signin-service/v1/authenticate",
                                    data={"password": self._password, "prev": step2["token"]})
        tokens = await self._getAPITokens(step3["token"] + step1["token"])
        self._session_tokens[client] = tokens
        self._session_logged_in = True
        return True

    async def doLogin(self):
        return await self._login()


async def heartbeat(n):
    for _ in range(n):
        await asyncio.sleep(0.1)


async def main():
    conn = Connection(None, "user@example.com", "secret")
    ok, _ = await asyncio.gather(conn.doLogin(), heartbeat(5))
    print("logged in:", ok)


if __name__ == "__main__":
    asyncio.run(main())
