"""Reduced from FreeOpcUa/python-opcua opcua/client/client.py + opcua/client/ua_client.py."""
import logging
import socket
from threading import Condition, Thread


class UASocketClient:
    """handle socket connection and send ua messages; a thread receives responses"""

    def __init__(self, timeout=1):
        self.logger = logging.getLogger(__name__ + ".UASocketClient")
        self.timeout = timeout
        self._socket = None
        self._thread = None
        self._do_stop = False

    def connect_socket(self, host, port):
        sock = socket.create_connection((host, port), timeout=self.timeout)
        sock.settimeout(None)
        self._socket = sock
        self._thread = Thread(target=self._run, name="UASocketClient")
        self._thread.start()

    def _run(self):
        self.logger.info("Thread started")
        while not self._do_stop:
            try:
                data = self._socket.recv(8192)
            except OSError:
                break
            if not data:
                break
        self.logger.info("Thread ended")

    def disconnect_socket(self):
        self.logger.info("stop request")
        self._do_stop = True
        self._socket.shutdown(socket.SHUT_RDWR)
        self._socket.close()


class KeepAlive(Thread):
    """Used by Client to keep the session open."""

    def __init__(self, client, timeout):
        Thread.__init__(self)
        self.logger = logging.getLogger(__name__)
        self.client = client
        self._dostop = False
        self._cond = Condition()
        self.timeout = timeout
        # some server support no timeout, but we do not trust them
        if self.timeout == 0:
            self.timeout = 3600000  # 1 hour

    def run(self):
        self.logger.debug("starting keepalive thread with period of %s milliseconds", self.timeout)
        while not self._dostop:
            with self._cond:
                self._cond.wait(self.timeout / 1000)
            if self._dostop:
                break
            self.logger.debug("renewing channel")
            self.client.open_secure_channel(renew=True)
        self.logger.debug("keepalive thread has stopped")

    def stop(self):
        self.logger.debug("stoping keepalive thread")
        self._dostop = True
        with self._cond:
            self._cond.notify_all()


class Client:
    def __init__(self, host, port, timeout=4):
        self.host, self.port = host, port
        self.session_timeout = 3600000
        self.uaclient = UASocketClient(timeout)
        self.keepalive = None

    def connect(self):
        self.uaclient.connect_socket(self.host, self.port)
        self.open_secure_channel()
        self.keepalive = KeepAlive(self, min(self.session_timeout, 3600000) * 0.7)
        self.keepalive.start()

    def open_secure_channel(self, renew=False):
        pass

    def close_session(self):
        if self.keepalive:
            self.keepalive.stop()

    def disconnect(self):
        try:
            self.close_session()
        finally:
            self.uaclient.disconnect_socket()
