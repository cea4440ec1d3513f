"""Reduced from gurumitts/pylutron-caseta src/pylutron_caseta/smartbridge.py (+ HA lutron_caseta setup)."""
import asyncio
import socket
import ssl
from typing import Callable, Optional

LEAP_PORT = 8081
CONNECT_TIMEOUT = 5.0


class LeapProtocol:
    def __init__(self, reader, writer):
        self._reader = reader
        self._writer = writer

    def close(self):
        self._writer.close()


async def open_connection(host, port, *, server_hostname=None, ssl=None, family=0):
    reader, writer = await asyncio.open_connection(
        host, port, server_hostname=server_hostname, ssl=ssl, family=family)
    return LeapProtocol(reader, writer)


class Smartbridge:
    """A representation of the Lutron Caseta Smart Bridge (LEAP over TLS)."""

    def __init__(self, connect: Callable):
        self.devices = {}
        self.logged_in = False
        self._connect = connect
        self._leap: Optional[LeapProtocol] = None

    @classmethod
    def create_tls(cls, hostname: str, keyfile: str, certfile: str, ca_certs: str,
                   port: int = LEAP_PORT) -> "Smartbridge":
        """Initialize the Smart Bridge using TLS over IPv4."""
        ssl_context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ssl_context.load_verify_locations(ca_certs)
        ssl_context.load_cert_chain(certfile, keyfile)
        ssl_context.verify_mode = ssl.CERT_REQUIRED
        ssl_context.check_hostname = False

        async def _connect() -> LeapProtocol:
            res = await open_connection(
                hostname, port, server_hostname="", ssl=ssl_context, family=socket.AF_INET)
            return res

        return cls(_connect)

    async def connect(self):
        self._leap = await asyncio.wait_for(self._connect(), CONNECT_TIMEOUT)
        self.logged_in = True


# homeassistant/components/lutron_caseta/__init__.py
async def async_setup_entry(hass, entry) -> bool:
    data = entry["data"]
    bridge = Smartbridge.create_tls(
        hostname=data["host"], keyfile=data["keyfile"], certfile=data["certfile"],
        ca_certs=data["ca_certs"])
    try:
        await bridge.connect()
    except (asyncio.TimeoutError, OSError):
        return False
    hass[entry["entry_id"]] = bridge
    return True
