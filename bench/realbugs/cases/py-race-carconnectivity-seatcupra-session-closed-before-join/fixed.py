"""Module implements the connector to interact with the Seat/Cupra API (after #108)."""
from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List, Optional

LOG = logging.getLogger("carconnectivity.connectors.seatcupra")


class RetrievalError(Exception):
    pass


class MyCupraSession:
    """OAuth session for the MyCupra/MySeat API; keeps a pool of HTTP connections."""

    def __init__(self, user_id: str) -> None:
        self.user_id = user_id
        self.retries = 0
        self.timeout = 0
        self._pool: Optional[Dict[str, List[str]]] = {}
        self._token = "access-token"

    def refresh(self) -> None:
        if self._pool is None:
            raise RetrievalError("session is closed")
        self._token = "access-token-%d" % time.monotonic_ns()

    def get(self, url: str) -> Dict[str, Any]:
        if self._pool is None:
            raise RetrievalError("session is closed")
        host = url.split("/")[2]
        connections = self._pool.setdefault(host, [])
        connections.append(self._token)
        time.sleep(0.05)  # request in flight
        if self._pool is None:
            raise RetrievalError("connection pool closed while the request was in flight")
        connections.pop()
        return {"vehicles": [{"vin": "VSSZZZKJZPR000001"}]}

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.clear()


class SessionManager:
    def __init__(self) -> None:
        self._sessions: Dict[str, MyCupraSession] = {}

    def get_session(self, username: str) -> MyCupraSession:
        return self._sessions.setdefault(username, MyCupraSession(user_id=username))

    def persist(self) -> None:
        LOG.debug("persisting %d sessions", len(self._sessions))


class BaseConnector:
    def __init__(self, connector_id: str, config: Dict) -> None:
        self.id = connector_id
        self.config = config
        self.healthy = True
        self.last_update: Optional[datetime] = None

    def shutdown(self) -> None:
        self.healthy = False


class Connector(BaseConnector):
    """Connector class for Seat/Cupra API connectivity."""

    def __init__(self, connector_id: str, config: Dict) -> None:
        BaseConnector.__init__(self, connector_id=connector_id, config=config)
        self._background_thread: Optional[threading.Thread] = None
        self._stop_event = threading.Event()
        self.interval = timedelta(seconds=config.get("interval", 300))
        self.vehicles: Dict[str, Dict[str, Any]] = {}

        self._manager = SessionManager()
        self.session: MyCupraSession = self._manager.get_session(config["username"])
        self.session.retries = 3
        self.session.timeout = 30
        self.session.refresh()

    def startup(self) -> None:
        self._background_thread = threading.Thread(target=self._background_loop, daemon=False)
        self._background_thread.name = "carconnectivity.connectors.seatcupra-background"
        self._background_thread.start()

    def _background_loop(self) -> None:
        self._stop_event.clear()
        fetch = True
        while not self._stop_event.is_set():
            interval = self.interval.total_seconds()
            try:
                if fetch:
                    self.fetch_all()
                    fetch = False
                else:
                    self.update_vehicles()
                self.last_update = datetime.now(tz=timezone.utc)
            except RetrievalError as err:
                LOG.error("Retrieval error during update (%s). Will try again after %ss", err, interval)
                self._stop_event.wait(interval)
            else:
                self._stop_event.wait(interval)

    def persist(self) -> None:
        self._manager.persist()

    def shutdown(self) -> None:
        """Shuts down the connector: stop the background thread, close the session, persist."""
        self._stop_event.set()
        if self._background_thread is not None:
            self._background_thread.join()
        self.session.close()
        self.persist()
        BaseConnector.shutdown(self)

    def fetch_all(self) -> None:
        self.fetch_vehicles()

    def update_vehicles(self) -> None:
        for vin in list(self.vehicles):
            self.vehicles[vin] = self._fetch_data(
                f"https://ola.prod.code.seat.cloud.vwgroup.com/v2/vehicles/{vin}/status", session=self.session)

    def fetch_vehicles(self) -> None:
        url = f"https://ola.prod.code.seat.cloud.vwgroup.com/v2/users/{self.session.user_id}/garage/vehicles"
        data = self._fetch_data(url, session=self.session)
        if data is not None:
            for vehicle_dict in data.get("vehicles", []):
                self.vehicles.setdefault(vehicle_dict["vin"], {})

    def _fetch_data(self, url: str, session: MyCupraSession) -> Optional[Dict[str, Any]]:
        return session.get(url)


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    connector = Connector("seatcupra", {"username": "driver@example.com", "interval": 180})
    connector.startup()
    time.sleep(0.01)  # shut down while the first fetch is in flight
    connector.shutdown()
    print("vehicles:", connector.vehicles)


if __name__ == "__main__":
    main()
