"""Reduced from wmalgadey/PyTado#206: Http.request() is called from several
Home Assistant threads at once; each one checks whether the access token has
expired and refreshes it, so concurrent callers race on _refresh_token() and
overwrite each other's tokens. Fixed by serialising the refresh with a lock."""
import threading
import time
from datetime import datetime, timedelta


class Http:
    def __init__(self, username, password):
        self._username = username
        self._password = password
        self._token_refresh = "r0"
        self._refresh_at = datetime.now()
        self._headers = {}
        self._generation = 0
        self._token_lock = threading.Lock()

    def _post_token(self, refresh_token):
        time.sleep(0.01)  # network round trip
        self._generation += 1
        return {"access_token": "a%d" % self._generation,
                "refresh_token": "r%d" % self._generation,
                "expires_in": 600}

    def _refresh_token(self):
        with self._token_lock:
            if self._refresh_at >= datetime.now():
                return False
            response = self._post_token(self._token_refresh)
            self._token_refresh = response["refresh_token"]
            self._refresh_at = datetime.now() + timedelta(seconds=float(response["expires_in"]))
            self._headers["Authorization"] = "Bearer " + response["access_token"]
            return True

    def request(self, url):
        self._refresh_token()
        with self._token_lock:
            auth = self._headers.get("Authorization")
        return {"url": url, "auth": auth}


def worker(http, zone):
    http.request("https://my.tado.com/api/v2/homes/1/zones/%d/state" % zone)


if __name__ == "__main__":
    http = Http("user", "secret")
    threads = [threading.Thread(target=worker, args=(http, z)) for z in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("token generations used:", http._generation)
