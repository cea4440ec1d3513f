import gc
import socket
import struct
import threading
import warnings


class CommError(Exception):
    pass


class Socket:
    def __init__(self, timeout=5.0):
        self.timeout = timeout
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)

    def connect(self, host, port):
        try:
            self.sock.connect((host, port))
        except socket.timeout:
            raise CommError("Socket timeout during connection.")

    def send(self, msg):
        self.sock.sendall(msg)

    def receive(self):
        chunk = self.sock.recv(4096)
        if chunk == b"":
            raise CommError("socket connection broken.")
        return chunk

    def close(self):
        self.sock.close()


class Base:
    def __init__(self):
        self.__sock = None
        self._session = 0
        self._connection_opened = False
        self._target_is_connected = False
        self.attribs = {"port": 0xAF12, "ip address": None}

    def register_session(self):
        self.__sock.send(struct.pack("<HH", 0x65, 4))
        self._session = struct.unpack("<I", self.__sock.receive()[:4])[0]
        return self._session

    def forward_open(self):
        self.__sock.send(struct.pack("<HI", 0x6F, self._session))
        self.__sock.receive()
        self._target_is_connected = True
        return True

    def forward_close(self):
        self.__sock.send(struct.pack("<HI", 0x4E, self._session))
        self.__sock.receive()  # the PLC is gone: raises CommError
        self._target_is_connected = False

    def un_register_session(self):
        self.__sock.send(struct.pack("<HI", 0x66, self._session))
        self._session = 0

    def open(self, ip_address, port):
        if not self._connection_opened:
            try:
                self.__sock = Socket()
                self.__sock.connect(ip_address, port)
                self._connection_opened = True
                self.attribs["ip address"] = ip_address
                if self.register_session() is None:
                    return False
                return self.forward_open()
            except Exception as e:
                raise CommError(e)

    def close(self):
        try:
            if self._target_is_connected:
                self.forward_close()
            if self._session != 0:
                self.un_register_session()
            if self.__sock:
                self.__sock.close()
        except Exception as e:
            raise CommError(e)
        self.clean_up()

    def clean_up(self):
        self.__sock = None
        self._target_is_connected = False
        self._session = 0
        self._connection_opened = False


def plc(server):
    conn, _ = server.accept()
    conn.recv(64); conn.sendall(struct.pack("<I", 7))  # RegisterSession
    conn.recv(64); conn.sendall(b"\x00")                # ForwardOpen
    conn.close()                                        # the PLC drops the link


if __name__ == "__main__":
    warnings.simplefilter("always", ResourceWarning)
    server = socket.create_server(("127.0.0.1", 0))
    threading.Thread(target=plc, args=(server,), daemon=True).start()
    c = Base()
    c.open("127.0.0.1", server.getsockname()[1])
    try:
        c.close()
    except CommError as e:
        print("close() failed:", e)
    del c
    gc.collect()
    server.close()
