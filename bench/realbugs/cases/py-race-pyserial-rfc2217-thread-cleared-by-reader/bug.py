"""pyserial rfc2217: the read loop clears self._thread on exit while close() tests and joins it."""
import logging
import socket
import threading
import time


class SerialException(IOError):
    pass


class Serial:
    def __init__(self, host, port):
        self.host = host
        self.port = port
        self._socket = None
        self._thread = None
        self.is_open = False
        self.logger = logging.getLogger("rfc2217")

    def open(self):
        self._socket = socket.create_connection((self.host, self.port))
        self._thread = threading.Thread(target=self._telnet_read_loop, daemon=True,
                                        name="pySerial RFC 2217 reader thread")
        self._thread.start()
        self.is_open = True

    def close(self):
        if self.is_open:
            if self._socket:
                try:
                    self._socket.shutdown(socket.SHUT_RDWR)
                    self._socket.close()
                except Exception:
                    pass
            if self._thread:
                self._thread.join(7)
                self._thread = None
                # in case of quick reconnects, give the server some time
                time.sleep(0.3)
            self._socket = None
            self.is_open = False

    def _telnet_read_loop(self):
        try:
            while True:
                try:
                    data = self._socket.recv(1024)
                except socket.timeout:
                    continue
                except socket.error as e:
                    self.logger.debug("socket error in reader thread: %s", e)
                    break
                if not data:
                    break
        finally:
            self._thread = None
            self.logger.debug("read thread terminated")


if __name__ == "__main__":
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = Serial("127.0.0.1", server.getsockname()[1])
    port.open()
    try:
        port.close()
        print("ok")
    except AttributeError as e:
        print("race:", e)
    server.close()
