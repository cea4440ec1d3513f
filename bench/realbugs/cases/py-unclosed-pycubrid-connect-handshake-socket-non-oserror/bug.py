import logging
import socket
import struct

_LOGGER = logging.getLogger(__name__)


class OperationalError(Exception):
    pass


class DataSize:
    INT = 4
    DATA_LENGTH = 4
    CAS_INFO = 4


class ClientInfoExchangePacket:
    def __init__(self) -> None:
        self.new_connection_port = 0

    def write(self) -> bytes:
        return b"CUBRK" + bytes([7, 0, 0, 0, 0])

    def parse(self, data: bytes) -> None:
        status = struct.unpack(">i", data)[0]
        if status < 0:
            raise ValueError(f"broker rejected handshake with status {status}")
        self.new_connection_port = status


class OpenDatabasePacket:
    def __init__(self, database: str, user: str, password: str) -> None:
        self.database, self.user, self.password = database, user, password
        self.cas_info = b"\x00\x00\x00\x00"
        self.session_id = 0
        self.broker_info: dict = {}

    def write(self) -> bytes:
        return b"".join(s.encode().ljust(32, b"\x00") for s in (self.database, self.user, self.password))

    def parse(self, body: bytes) -> None:
        self.cas_info = body[:4]
        code = struct.unpack(">i", body[4:8])[0]
        self.broker_info = {"protocol_version": body[8]}  # IndexError on a short reply
        self.session_id = code


class Connection:
    """PEP 249 DB-API connection for the CUBRID CAS protocol."""

    def __init__(self, host: str, port: int, database: str, user: str, password: str, **kwargs) -> None:
        self._host, self._port, self._database = host, port, database
        self._user, self._password = user, password
        self._connect_timeout = kwargs.get("connect_timeout")
        self._socket: socket.socket | None = None
        self._connected = False
        self.connect()

    def connect(self) -> None:
        """Establish a TCP CAS session with broker handshake and open database."""
        if self._connected:
            return
        try:
            handshake_socket = self._create_socket(self._host, self._port)
            client_info_packet = ClientInfoExchangePacket()
            handshake_socket.sendall(client_info_packet.write())
            handshake_response = self._recv_exact(handshake_socket, DataSize.INT)
            client_info_packet.parse(handshake_response)

            if client_info_packet.new_connection_port > 0:
                handshake_socket.close()
                self._socket = self._create_socket(self._host, client_info_packet.new_connection_port)
            else:
                self._socket = handshake_socket

            open_db_packet = OpenDatabasePacket(database=self._database, user=self._user, password=self._password)
            self._socket.sendall(open_db_packet.write())
            data_length_bytes = self._recv_exact(self._socket, DataSize.DATA_LENGTH)
            data_length = struct.unpack(">i", data_length_bytes)[0]
            response_body = self._recv_exact(self._socket, data_length + DataSize.CAS_INFO)
            open_db_packet.parse(response_body)

            self._cas_info = open_db_packet.cas_info
            self._session_id = open_db_packet.session_id
            self._protocol_version = open_db_packet.broker_info.get("protocol_version", 1)
            self._connected = True
        except OSError as exc:
            _LOGGER.debug("Connection failed to %s:%d/%s", self._host, self._port, self._database)
            self._safe_close_socket()
            raise OperationalError("failed to connect to CUBRID broker") from exc

    def _create_socket(self, host: str, port: int) -> socket.socket:
        sock = socket.create_connection((host, port), timeout=self._connect_timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    def _safe_close_socket(self) -> None:
        if self._socket is not None:
            try:
                self._socket.close()
            except OSError:
                pass
            self._socket = None

    def _recv_exact(self, sock: socket.socket, size: int) -> bytearray:
        buf = bytearray(size)
        view = memoryview(buf)
        pos = 0
        while pos < size:
            n = sock.recv_into(view[pos:], size - pos)
            if n == 0:
                raise OperationalError("connection lost during receive")
            pos += n
        return buf


def connect(host: str, port: int, database: str, user: str, password: str, **kwargs) -> Connection:
    return Connection(host, port, database, user, password, **kwargs)
