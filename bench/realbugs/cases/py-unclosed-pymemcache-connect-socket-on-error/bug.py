"""pymemcache: reduction of pymemcache/client/base.py (Client._connect, Client._store_cmd).

The client connects lazily; the first command on a fresh Client calls
_connect(), and any socket.error makes the command close the client.
"""
import gc
import socket
import warnings

RECV_SIZE = 4096


class MemcacheUnexpectedCloseError(Exception):
    pass


class Client(object):
    """A client for a single memcached server."""

    def __init__(self,
                 server,
                 connect_timeout=None,
                 timeout=None,
                 no_delay=False,
                 ignore_exc=False,
                 socket_module=socket):
        self.server = server
        self.connect_timeout = connect_timeout
        self.timeout = timeout
        self.no_delay = no_delay
        self.ignore_exc = ignore_exc
        self.socket_module = socket_module
        self.sock = None

    def _connect(self):
        sock = self.socket_module.socket(self.socket_module.AF_INET,
                                         self.socket_module.SOCK_STREAM)
        sock.settimeout(self.connect_timeout)
        sock.connect(self.server)
        sock.settimeout(self.timeout)
        if self.no_delay:
            sock.setsockopt(self.socket_module.IPPROTO_TCP,
                            self.socket_module.TCP_NODELAY, 1)
        self.sock = sock

    def close(self):
        """Close the connection to memcached, if it is open. The next call to a
        method that requires a connection will re-open it."""
        if self.sock is not None:
            try:
                self.sock.close()
            except Exception:
                pass
        self.sock = None

    def _store_cmd(self, name, key, expire, noreply, data, cas=None):
        if not self.sock:
            self._connect()

        extra = b''
        if cas is not None:
            extra += b' ' + cas
        if noreply:
            extra += b' noreply'

        cmd = (name + b' ' + key + b' 0 ' + str(expire).encode() + b' ' +
               str(len(data)).encode() + extra + b'\r\n' + data + b'\r\n')
        try:
            self.sock.sendall(cmd)
            if noreply:
                return True
            line = self.sock.recv(RECV_SIZE)
            if not line:
                raise MemcacheUnexpectedCloseError()
            return line.startswith(b'STORED')
        except Exception:
            self.close()
            raise

    def set(self, key, value, expire=0, noreply=True):
        return self._store_cmd(b'set', key, expire, noreply, value)


def _free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    client = Client(("127.0.0.1", _free_port()), connect_timeout=1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            try:
                client.set(b"k", b"v")
            except (socket.error, socket.timeout) as e:
                print("set failed:", e.__class__.__name__)
        gc.collect()
    leaked = [w for w in caught if issubclass(w.category, ResourceWarning)]
    print("unclosed sockets reported:", len(leaked))


if __name__ == "__main__":
    main()
