# redis/connection.py (reduced, redis-py 5.0.x)
import socket


class ConnectionError(Exception):
    pass


class TimeoutError(Exception):
    pass


class Retry:
    def __init__(self, retries=0):
        self._retries = retries

    def call_with_retry(self, do, fail):
        failures = 0
        while True:
            try:
                return do()
            except (ConnectionError, TimeoutError, OSError) as error:
                failures += 1
                fail(error)
                if failures > self._retries:
                    raise error


class AbstractConnection:
    def __init__(self, socket_connect_timeout=None, retry=None):
        self.socket_connect_timeout = socket_connect_timeout
        self.retry = retry or Retry(0)
        self._sock = None

    def connect(self):
        "Connects to the Redis server if not already connected"
        if self._sock:
            return
        try:
            sock = self.retry.call_with_retry(
                lambda: self._connect(), lambda error: self.disconnect(error)
            )
        except socket.timeout:
            raise TimeoutError("Timeout connecting to server")
        except OSError as e:
            raise ConnectionError(self._error_message(e))
        self._sock = sock

    def disconnect(self, *args):
        conn_sock = self._sock
        self._sock = None
        if conn_sock is None:
            return
        try:
            conn_sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        conn_sock.close()

    def _error_message(self, exception):
        return f"Error connecting to {self._host_error()}. {exception}."


class UnixDomainSocketConnection(AbstractConnection):
    "Manages UDS communication to and from a Redis server"

    def __init__(self, path="", socket_timeout=None, **kwargs):
        super().__init__(**kwargs)
        self.path = path
        self.socket_timeout = socket_timeout

    def _connect(self):
        "Create a Unix domain socket connection"
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.socket_connect_timeout)
        sock.connect(self.path)
        sock.settimeout(self.socket_timeout)
        return sock

    def _host_error(self):
        return self.path


if __name__ == "__main__":
    conn = UnixDomainSocketConnection(path="/nonexistent/redis.sock")
    try:
        conn.connect()
    except ConnectionError as e:
        print(e)
