"""py-ipv8 LAN address discovery: the probing sockets are left to the garbage collector."""
from __future__ import annotations

import socket
import struct
import traceback
import typing
from abc import ABC, abstractmethod
from fcntl import ioctl
from time import time

SIOCGIFADDR = 0x8915
FMT_SOCKADDR = '16sH14s'
FMT_FAMILY = 'H'


class AddressProvider(ABC):
    """Interface for OS-specific methods of finding local interfaces addresses."""

    def __init__(self, verbose: bool = False) -> None:
        self.verbose = verbose
        self.addresses: typing.Set[str] = set()
        self.addresses_ts = 0.0

    def on_exception(self) -> None:
        if self.verbose:
            traceback.print_exc()

    def discover_addresses(self, min_interval: float = 10.0) -> None:
        if time() - self.addresses_ts > min_interval:
            self.addresses_ts = time()
            self.addresses = self.get_addresses()
            self.addresses_ts = time()

    @abstractmethod
    def get_addresses(self) -> typing.Set[str]:
        """Get a set of LAN addresses using this provider."""


class TestNet1(AddressProvider):
    """Use the ``TEST-NET-1`` address to discover local interface addresses."""

    def get_addresses(self) -> set:
        interface_specifications = []

        s = None
        try:
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.connect(("192.0.2.0", 80))
            local_ip = s.getsockname()[0]
            s.close()
            s = None
            interface_specifications.append(local_ip)
        except OSError:
            self.on_exception()
        finally:
            if s is not None:
                try:
                    s.close()
                    s = None
                except OSError:
                    self.on_exception()

        s = None
        try:
            s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
            s.connect(("::ffff:0:192.0.2.0", 80))
            local_ip = s.getsockname()[0]
            s.close()
            s = None
            interface_specifications.append(local_ip)
        except OSError:
            self.on_exception()
        finally:
            if s is not None:
                try:
                    s.close()
                    s = None
                except OSError:
                    self.on_exception()

        return set(interface_specifications)


class Ioctl(AddressProvider):
    """Attempt to find local addresses using the ``ioctl`` system call."""

    def get_addresses(self) -> set:
        out_addresses = []

        s = None
        try:
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            for ifspec in socket.if_nameindex():
                ifreq = ioctl(s.fileno(), SIOCGIFADDR,
                              struct.pack(FMT_SOCKADDR, ifspec[1].encode(), socket.AF_INET, b'\x00' * 14))
                family, = struct.unpack(FMT_FAMILY, ifreq[16:18])
                if family == socket.AF_INET:
                    out_addresses.append(socket.inet_ntop(socket.AF_INET, ifreq[20:24]))
            s.close()
            s = None
        except OSError:
            self.on_exception()
        finally:
            if s is not None:
                try:
                    s.close()
                    s = None
                except OSError:
                    self.on_exception()

        return set(out_addresses)


def get_lan_addresses() -> list[str]:
    """Attempt to find the LAN addresses of this machine using whatever means available."""
    votes: dict[str, int] = {}
    for provider in (TestNet1(), Ioctl()):
        provider.discover_addresses(min_interval=0)
        for found in provider.addresses:
            votes[found] = votes.get(found, 0) + 1
    return sorted(votes, key=lambda key: votes[key], reverse=True)


if __name__ == "__main__":
    print(get_lan_addresses())
