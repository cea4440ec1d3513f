"""Reduced from tomerfiliba-org/rpyc rpyc/core/stream.py + rpyc/utils/factory.py."""
import socket
import time


class Stream:
    __slots__ = ()

    def close(self):
        raise NotImplementedError()


class SocketStream(Stream):
    """A stream over a socket"""
    __slots__ = ("sock",)
    MAX_IO_CHUNK = 8000

    def __init__(self, sock):
        self.sock = sock

    @classmethod
    def _connect(cls, host, port, family=socket.AF_INET, socktype=socket.SOCK_STREAM,
                 proto=0, timeout=3, nodelay=False, keepalive=False):
        family, socktype, proto, _, sockaddr = socket.getaddrinfo(host, port, family,
                                                                  socktype, proto)[0]
        s = socket.socket(family, socktype, proto)
        try:
            s.settimeout(timeout)
            s.connect(sockaddr)
            if nodelay:
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if keepalive:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
            return s
        except BaseException:
            s.close()
            raise

    @classmethod
    def connect(cls, host, port, **kwargs):
        """factory method that creates a ``SocketStream`` over a socket connected
        to *host* and *port*"""
        if kwargs.pop("ipv6", False):
            kwargs["family"] = socket.AF_INET6
        return cls(cls._connect(host, port, **kwargs))

    def close(self):
        if self.sock is not None:
            self.sock.close()
            self.sock = None


class Connection:
    def __init__(self, stream, service=None, config=None):
        self._stream = stream
        self._config = config or {}

    def close(self):
        self._stream.close()


def connect_stream(stream, service=None, config={}):
    return Connection(stream, service, config)


def connect(host, port, service=None, config={}, ipv6=False, keepalive=False):
    s = SocketStream.connect(host, port, ipv6=ipv6, keepalive=keepalive)
    return connect_stream(s, service, config)


def wait_for_server(host, port, attempts=20, delay=0.1):
    """Typical caller (tests, classic.connect retries): poll until the server is up."""
    for _ in range(attempts):
        try:
            return connect(host, port)
        except socket.error:
            time.sleep(delay)
    raise TimeoutError("server %s:%s did not come up" % (host, port))


if __name__ == "__main__":
    try:
        wait_for_server("127.0.0.1", 1, attempts=3, delay=0)
    except TimeoutError as exc:
        print(exc)
