"""Reduction of hyper's hyper/http20/connection.py (HTTP20Connection) before #280 (issue #275)."""
import threading


class _OrderedRLock(object):
    """An RLock that takes its inner lock first, so the order is always inner -> outer."""

    def __init__(self, inner=None):
        self._lock = threading.RLock()
        self._inner = inner

    def acquire(self):
        if self._inner is not None:
            self._inner.acquire()
        self._lock.acquire()

    def release(self):
        self._lock.release()
        if self._inner is not None:
            self._inner.release()

    def __enter__(self):
        self.acquire()
        return self

    def __exit__(self, *exc):
        self.release()


class _FakeSocket(object):
    def __init__(self):
        self.sent = []

    def sendall(self, data):
        self.sent.append(data)

    def close(self):
        pass


class Stream(object):
    def __init__(self, stream_id, send_outstanding_data):
        self.stream_id = stream_id
        self._send_outstanding_data = send_outstanding_data
        self.headers = []

    def add_header(self, name, value):
        self.headers.append((name, value))

    def send_headers(self):
        self._send_outstanding_data()


class HTTP20Connection(object):
    def __init__(self, host, port=443):
        self.host, self.port = host, port
        # _lock guards connection state (stream creation, the socket);
        # _write_lock serialises sends.
        # Holding _write_lock means holding _read_lock, and holding _lock
        # means holding _write_lock too: one order for every path.
        self._read_lock = _OrderedRLock()
        self._write_lock = _OrderedRLock(self._read_lock)
        self._lock = _OrderedRLock(self._write_lock)
        self.streams = {}
        self.next_stream_id = 1
        self._sock = None
        self._pending = []

    def request(self, method, url, body=None):
        # Hold the write lock so putrequest and endheaders are not interleaved.
        with self._write_lock:
            stream_id = self.putrequest(method, url)
            self.endheaders(stream_id=stream_id)
            return stream_id

    def connect(self):
        with self._lock:
            if self._sock is not None:
                return
            self._sock = _FakeSocket()
            self._send_preamble()

    def _send_preamble(self):
        self._pending.append(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
        self._send_outstanding_data()

    def _send_outstanding_data(self):
        with self._write_lock:
            data, self._pending = b"".join(self._pending), []
            self._send_cb(data)

    def _send_cb(self, data):
        with self._write_lock:
            self._sock.sendall(data)

    def putrequest(self, method, selector):
        s = self._new_stream()
        s.add_header(":method", method)
        s.add_header(":path", selector)
        return s.stream_id

    def endheaders(self, stream_id):
        self.connect()
        self.streams[stream_id].send_headers()

    def _new_stream(self):
        with self._lock:
            s = Stream(self.next_stream_id, self._send_outstanding_data)
            self.streams[s.stream_id] = s
            self.next_stream_id += 2
            return s


if __name__ == "__main__":
    conn = HTTP20Connection("example.com")
    # Thread A: request() takes _write_lock, then _lock in _new_stream().
    # Thread B: connect() takes _lock, then _write_lock in _send_outstanding_data().
    threads = [threading.Thread(target=conn.request, args=("GET", "/")),
               threading.Thread(target=conn.connect)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(len(conn._sock.sent))
