"""pg8000 1.24 pg8000/core.py (reduced): CoreConnection opens its socket in __init__."""
import socket
from struct import Struct

i_pack = Struct("!i").pack
STARTUP_MESSAGE = 196608


class InterfaceError(Exception):
    pass


class DatabaseError(Exception):
    pass


class CoreConnection:
    def __init__(self, user, host="localhost", database=None, port=5432,
                 password=None, source_address=None, unix_sock=None,
                 ssl_context=None, timeout=None, sock=None):
        self._usock = None
        self._sock = None
        self.error = None

        if sock is None:
            if unix_sock is None and host is not None:
                try:
                    self._usock = socket.create_connection(
                        (host, port), timeout, source_address)
                except socket.error as e:
                    raise InterfaceError(
                        f"Can't create a connection to host {host} and port {port} "
                        f"(timeout is {timeout} and source_address is {source_address})."
                    ) from e
            elif unix_sock is not None:
                self._usock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self._usock.connect(unix_sock)
            else:
                raise InterfaceError("one of host or unix_sock must be provided")
        else:
            self._usock = sock

        self._sock = self._usock.makefile(mode="rwb")

        params = b"user\x00" + user.encode() + b"\x00"
        if database is not None:
            params += b"database\x00" + database.encode() + b"\x00"
        val = i_pack(STARTUP_MESSAGE) + params + b"\x00"
        self._write(i_pack(len(val) + 4) + val)
        self._flush()

        self.handle_messages()

        # Errors from the backend, e.g. authentication failed
        if self.error is not None:
            raise self.error

    def _write(self, data):
        self._sock.write(data)

    def _flush(self):
        self._sock.flush()

    def handle_messages(self):
        code = self._sock.read(1)
        if code != b"R":
            self.error = DatabaseError({"S": "FATAL", "C": "28P01",
                                        "M": "password authentication failed"})

    def close(self):
        try:
            self._write(b"X" + i_pack(4))
            self._flush()
        except OSError:
            pass
        finally:
            if self._sock is not None:
                self._sock.close()
            if self._usock is not None:
                self._usock.close()
            self._sock = self._usock = None


if __name__ == "__main__":
    import gc
    import threading
    import warnings
    warnings.simplefilter("default")
    srv = socket.create_server(("127.0.0.1", 0))

    def fake_postgres():
        conn, _ = srv.accept()
        with conn:
            conn.recv(1024)
            conn.sendall(b"E")

    threading.Thread(target=fake_postgres, daemon=True).start()
    try:
        CoreConnection("postgres", port=srv.getsockname()[1], database="db")
    except DatabaseError as e:
        print("connect failed:", e)
    gc.collect()  # ResourceWarning: unclosed <socket.socket ...>
    srv.close()
