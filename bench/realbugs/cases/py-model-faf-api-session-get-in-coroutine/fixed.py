"""FAForever server: ApiAccessor.api_get() calls the OAuth2 (requests) session inside a coroutine."""
import asyncio
import logging

from oauthlib.oauth2 import BackendApplicationClient
from requests_oauthlib import OAuth2Session

API_BASE_URL = "https://api.faforever.com"
API_TOKEN_URI = API_BASE_URL + "/oauth/token"
API_CLIENT_ID = "lobby-server"
API_CLIENT_SECRET = "secret"


class SessionManager:
    """Garantor for API access."""

    def __init__(self):
        self.session = None  # instance of OAuth2Session
        self.logger = logging.getLogger(__name__)

    def __enter__(self):
        if not self.session:
            client = BackendApplicationClient(client_id=API_CLIENT_ID)
            self.session = OAuth2Session(client=client)
            self.session.fetch_token(
                token_url=API_TOKEN_URI, client_id=API_CLIENT_ID, client_secret=API_CLIENT_SECRET
            )
        return self.session

    def __exit__(self, exc_type, exc_value, traceback):
        pass


class ApiAccessor:
    def __init__(self):
        self.api_session = SessionManager()

    async def update_achievements(self, player_id, achievements):
        status, content = await self.api_get("/data/playerAchievement?filter=player.id==%d" % player_id)
        return status == 200 and achievements

    async def api_get(self, path):
        loop = asyncio.get_event_loop()
        with self.api_session as api:
            result = await loop.run_in_executor(None, api.get, API_BASE_URL + path)
        return result.status_code, result.text


async def main():
    accessor = ApiAccessor()
    # every game result updates achievements and events for all players at once
    await asyncio.gather(*(accessor.update_achievements(pid, ["ACH_NOVICE"]) for pid in range(8)))


if __name__ == "__main__":
    asyncio.run(main())
