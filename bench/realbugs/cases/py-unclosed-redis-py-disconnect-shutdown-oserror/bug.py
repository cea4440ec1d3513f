"""redis-py Connection: disconnect() skips close() when shutdown() raises."""
import os
import socket


class ConnectionError(Exception):
    pass


class PythonParser:
    def __init__(self):
        self._sock = None

    def on_connect(self, connection):
        self._sock = connection._sock

    def on_disconnect(self):
        self._sock = None


class Connection:
    "Manages TCP communication to and from a Redis server"

    def __init__(self, host="localhost", port=6379, socket_connect_timeout=None):
        self.pid = os.getpid()
        self.host = host
        self.port = int(port)
        self.socket_connect_timeout = socket_connect_timeout
        self._sock = None
        self._parser = PythonParser()

    def connect(self):
        "Connects to the Redis server if not already connected"
        if self._sock:
            return
        try:
            sock = self._connect()
        except OSError as e:
            raise ConnectionError(f"Error connecting to {self.host}:{self.port}. {e}")
        self._sock = sock
        self._parser.on_connect(self)

    def _connect(self):
        "Create a TCP socket connection"
        sock = socket.create_connection(
            (self.host, self.port), timeout=self.socket_connect_timeout
        )
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    def disconnect(self):
        "Disconnects from the Redis server"
        self._parser.on_disconnect()
        if self._sock is None:
            return
        try:
            if os.getpid() == self.pid:
                self._sock.shutdown(socket.SHUT_RDWR)
            self._sock.close()
        except OSError:
            pass
        self._sock = None


if __name__ == "__main__":
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen()
    conn = Connection(port=srv.getsockname()[1])
    conn.connect()
    peer, _ = srv.accept()
    peer.close()  # server drops the client (e.g. timeout / restart)
    conn.disconnect()
    srv.close()
