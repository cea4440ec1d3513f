import threading
import typing


class ThreadLock:
    """A threading-only lock for no-I/O contexts (a no-op AsyncThreadLock in async mode)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def __enter__(self) -> "ThreadLock":
        self._lock.acquire()
        return self

    def __exit__(self, *args: typing.Any) -> None:
        self._lock.release()


class HTTPConnection:
    def __init__(self, origin: str) -> None:
        self._origin = origin
        self._request_lock = ThreadLock()  # allocation: the GC may run here
        self._closed = False

    def can_handle_request(self, origin: str) -> bool:
        return origin == self._origin

    def is_available(self) -> bool:
        return not self._closed

    def handle_request(self, request: str) -> typing.Iterator[bytes]:
        yield b"HTTP/1.1 200 OK\r\n"
        yield b"payload for " + request.encode()

    def close(self) -> None:
        self._closed = True


class PoolRequest:
    def __init__(self, request: str) -> None:
        self.request = request
        self.connection: typing.Optional[HTTPConnection] = None

    def is_queued(self) -> bool:
        return self.connection is None


class ConnectionPool:
    def __init__(self, max_connections: int = 10) -> None:
        self._max_connections = max_connections
        self._connections: typing.List[HTTPConnection] = []
        self._requests: typing.List[PoolRequest] = []
        # We only mutate the state of the connection pool within an 'optional_thread_lock'
        # context. This holds a threading lock unless we're running in async mode,
        # in which case it is a no-op.
        self._optional_thread_lock = ThreadLock()

    def create_connection(self, origin: str) -> HTTPConnection:
        return HTTPConnection(origin)

    def handle_request(self, request: str) -> "PoolByteStream":
        pool_request = PoolRequest(request)
        with self._optional_thread_lock:
            self._requests.append(pool_request)
            self._assign_requests_to_connections()
        connection = pool_request.connection
        assert connection is not None
        stream = connection.handle_request(request)
        return PoolByteStream(stream=stream, pool_request=pool_request, pool=self)

    def _assign_requests_to_connections(self) -> None:
        for pool_request in [r for r in self._requests if r.is_queued()]:
            origin = pool_request.request.split("/")[0]
            available = [c for c in self._connections if c.can_handle_request(origin) and c.is_available()]
            if available:
                pool_request.connection = available[0]
            elif len(self._connections) < self._max_connections:
                connection = self.create_connection(origin)
                self._connections.append(connection)
                pool_request.connection = connection


class PoolByteStream:
    def __init__(self, stream: typing.Iterator[bytes], pool_request: PoolRequest, pool: ConnectionPool) -> None:
        self._stream = stream
        self._pool_request = pool_request
        self._pool = pool
        self._closed = False

    def __iter__(self) -> typing.Iterator[bytes]:
        try:
            for part in self._stream:
                yield part
        except BaseException as exc:
            # GeneratorExit lands here when an abandoned response is finalized
            self.close()
            raise exc from None

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            with self._pool._optional_thread_lock:
                self._pool._requests.remove(self._pool_request)
                self._pool._assign_requests_to_connections()


def fetch_first_chunk(pool: ConnectionPool, url: str) -> bytes:
    response = pool.handle_request(url)
    chunks = iter(response)
    first = next(chunks)
    abandoned: list = [chunks]
    abandoned.append(abandoned)  # dropped in a reference cycle: only the GC finalizes it
    return first


if __name__ == "__main__":
    pool = ConnectionPool()
    print(fetch_first_chunk(pool, "example.com/a"))
    print(fetch_first_chunk(pool, "example.org/b"))
