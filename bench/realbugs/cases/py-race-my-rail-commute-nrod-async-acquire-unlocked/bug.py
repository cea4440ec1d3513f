import asyncio
import threading
import time

NROD_CONNECT_TIMEOUT = 5
LOGINS = []


class StompConnection:  # stands in for stomp.Connection
    def __init__(self, host_and_ports):
        self.host_and_ports = host_and_ports

    def connect(self, username, passcode, wait=True):
        time.sleep(0.05)  # TLS handshake + STOMP CONNECT round trip
        LOGINS.append((username, threading.current_thread().name))

    def subscribe(self, destination, id, ack="auto"):
        pass


class HomeAssistant:
    def __init__(self, loop):
        self.loop = loop

    def async_add_executor_job(self, target, *args):
        return self.loop.run_in_executor(None, target, *args)


class NrodFeedManager:
    """Manages a single shared STOMP connection to the NROD movement feed."""

    def __init__(self, hass, username, password):
        self._hass = hass
        self._username = username
        self._password = password
        self._connection = None
        self._subscribers = {}
        self._entry_callback = {}

    async def async_acquire(self, entry_id, subscriber, stanox_codes):
        self._entry_callback[entry_id] = subscriber
        for stanox in stanox_codes:
            self._subscribers.setdefault(stanox, []).append(subscriber)

        if self._connection is None:
            await self._async_connect()

    async def _async_connect(self):
        await asyncio.wait_for(
            self._hass.async_add_executor_job(self._connect_sync),
            timeout=NROD_CONNECT_TIMEOUT,
        )

    def _connect_sync(self):
        connection = StompConnection(host_and_ports=[("publicdatafeeds.networkrail.co.uk", 61618)])
        connection.connect(username=self._username, passcode=self._password, wait=True)
        connection.subscribe(destination="/topic/TRAIN_MVT_ALL_TOC", id="my-rail-commute")
        self._connection = connection


async def main():
    manager = NrodFeedManager(HomeAssistant(asyncio.get_running_loop()), "user@example.com", "pw")
    # two config entries set up concurrently during Home Assistant bootstrap
    await asyncio.gather(
        manager.async_acquire("entry-commute-in", print, {"87701"}),
        manager.async_acquire("entry-commute-out", print, {"87219"}),
    )
    print("STOMP logins for one NROD account:", len(LOGINS))


if __name__ == "__main__":
    asyncio.run(main())
