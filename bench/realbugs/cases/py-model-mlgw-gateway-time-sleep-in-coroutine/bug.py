"""custom_components/mlgw/gateway.py: Bang & Olufsen MasterLink Gateway (Home Assistant integration)."""
import asyncio
import logging
import telnetlib
import threading
import time

_LOGGER = logging.getLogger(__name__)


class MasterLinkGateway:
    """Masterlink gateway to interact with a MasterLink Gateway."""

    def __init__(self, host, port, user, password, default_source, available_sources, hass):
        """Initialize the MLGW gateway."""
        self._host = host
        self._user = user
        self._password = password
        # for the ML (Telnet CLI) connection
        self._connectedML = False
        self._tn = None
        self._port = port
        self.stopped = threading.Event()
        self._default_source = default_source
        self._available_sources = available_sources
        self._hass = hass

    async def terminate_async(self):
        self.stopped.set()

    async def ml_connect(self):
        _LOGGER.info("Trying to connect to ML CLI: %s" % (self._host))
        self._connectedML = False

        try:
            self._tn = telnetlib.Telnet(self._host)

            line = self._tn.read_until(b"login: ", 3)
            if line[-7:] != b"login: ":
                _LOGGER.debug("Unexpected login prompt: %s" % (line))
                raise ConnectionError
            # put some small pauses to see if we can avoid occasional login problems
            time.sleep(0.1)
            self._tn.write(self._password.encode("ascii") + b"\n")
            time.sleep(0.1)

            line = self._tn.read_until(b"LGW >", 2)
            if line[-5:] != b"LGW >":
                _LOGGER.debug("Unexpected CLI prompt: %s" % (line))
                raise ConnectionError

            # Enter the undocumented Masterlink Logging function
            self._tn.write(b"_MLLOG ONLINE\r\n")
            threading.Thread(target=self._ml_thread, daemon=True).start()

            self._connectedML = True
            _LOGGER.info("Connected to ML CLI: %s" % (self._host))
            return True

        except EOFError as exc:
            _LOGGER.error("Error opening ML CLI connection to: %s", exc)
            return False

        except (ConnectionError, OSError):
            _LOGGER.error("Failed to connect, continuing without ML CLI")
            return False

    def _ml_thread(self):
        """Receive notification about incoming event from the ML connection."""
        while not self.stopped.is_set():
            try:
                self._tn.read_very_eager()
            except EOFError:
                return
            self.stopped.wait(0.5)


async def async_setup_entry(hass, host):
    gateway = MasterLinkGateway(host, 9000, "admin", "admin", None, [], hass)
    # Home Assistant awaits this on its single event-loop thread
    return await gateway.ml_connect()


if __name__ == "__main__":
    print(asyncio.run(async_setup_entry(None, "127.0.0.1")))
