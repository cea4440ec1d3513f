"""Reduction of exaproxy network/async poller client close path (Exa-Networks/exaproxy#27)."""
import errno
import socket


class Client:
    eor = [b"\r\n\r\n", b"\n\n"]

    def __init__(self, name, sock, peer, log, max_buffer):
        self.name = name
        self.sock = sock
        self.peer = peer
        self.accept_addr, self.accept_port = sock.getsockname()[:2]
        self.log = log
        self.max_buffer = max_buffer
        self.r_buffer = b""
        self.w_buffer = b""
        self.reader = self._read()

    def _read(self):
        while True:
            try:
                data = self.sock.recv(16384)
            except socket.error as e:
                if e.args[0] in (errno.EAGAIN, errno.EWOULDBLOCK):
                    yield b""
                    continue
                break
            if not data:
                break
            self.r_buffer += data
            yield data

    def writeData(self, data):
        self.w_buffer += data
        try:
            sent = self.sock.send(self.w_buffer)
        except socket.error:
            return None
        self.w_buffer = self.w_buffer[sent:]
        return bool(self.w_buffer)

    def shutdown(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except socket.error:
            pass

    def close(self):
        self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()
        self.reader = None
        self.w_buffer = b""


class ClientManager:
    def __init__(self, log):
        self.log = log
        self.bysock = {}

    def newConnection(self, sock, peer, max_buffer=65536):
        name = "%s:%s" % peer[:2]
        client = Client(name, sock, peer, self.log, max_buffer)
        self.bysock[sock] = client
        return client

    def cleanup(self, sock):
        client = self.bysock.pop(sock, None)
        if client is not None:
            client.close()

    def stop(self):
        for sock in list(self.bysock):
            try:
                self.cleanup(sock)
            except socket.error as e:
                self.log.info("error while closing client %s" % str(e))
