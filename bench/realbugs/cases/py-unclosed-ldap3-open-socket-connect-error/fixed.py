"""Reduced from cannatag/ldap3 ldap3/strategy/base.py (2.9): BaseStrategy._open_socket."""
import socket
import ssl


class LDAPSocketOpenError(Exception):
    pass


class Server(object):
    def __init__(self, host, port=389, use_ssl=False, connect_timeout=None):
        self.host = host
        self.port = port
        self.ssl = use_ssl
        self.connect_timeout = connect_timeout
        self.tls = ssl.create_default_context() if use_ssl else None

    def candidate_addresses(self):
        return socket.getaddrinfo(self.host, self.port, 0, socket.SOCK_STREAM)


class Connection(object):
    def __init__(self, server):
        self.server = server
        self.socket = None
        self.closed = True
        self.bound = False
        self.last_error = None
        self.strategy = SyncStrategy(self)


class BaseStrategy(object):
    def __init__(self, ldap_connection):
        self.connection = ldap_connection

    def open(self):
        exception_history = []
        for candidate_address in self.connection.server.candidate_addresses():
            try:
                self._open_socket(candidate_address, self.connection.server.ssl)
                return
            except LDAPSocketOpenError as e:
                exception_history.append(e)
        raise LDAPSocketOpenError('unable to open socket', exception_history)

    def _open_socket(self, address, use_ssl=False):
        """
        Tries to open and connect a socket to a Server
        raise LDAPSocketOpenError if unable to open or connect socket
        """
        def _cleanup_socket():
            """ Close the open socket. Call before raising exceptions so no
                lingering sockets are left about.
            """
            try:
                self.connection.socket.close()
            except OSError:
                pass
            self.connection.socket = None

        try:
            self.connection.socket = socket.socket(*address[:3])
        except Exception as e:
            self.connection.last_error = 'socket creation error: ' + str(e)
            raise LDAPSocketOpenError(self.connection.last_error)

        try:
            if self.connection.server.connect_timeout:
                self.connection.socket.settimeout(self.connection.server.connect_timeout)
            self.connection.socket.connect(address[4])
        except socket.error as e:
            self.connection.last_error = 'socket connection error while opening: ' + str(e)
            _cleanup_socket()
            raise LDAPSocketOpenError(self.connection.last_error)

        if use_ssl:
            try:
                self.connection.socket = self.connection.server.tls.wrap_socket(
                    self.connection.socket, server_hostname=self.connection.server.host)
            except Exception as e:
                self.connection.last_error = 'socket ssl wrapping error: ' + str(e)
                _cleanup_socket()
                raise LDAPSocketOpenError(self.connection.last_error)

        self.connection.closed = False

    def close(self):
        if self.connection.socket is not None and not self.connection.closed:
            self.connection.socket.close()
        self.connection.socket = None
        self.connection.closed = True


class SyncStrategy(BaseStrategy):
    pass


def check_server(host, port):
    conn = Connection(Server(host, port=port, connect_timeout=1))
    try:
        conn.strategy.open()
    except LDAPSocketOpenError as e:
        return str(e)
    conn.strategy.close()
    return 'ok'


if __name__ == '__main__':
    print(check_server('127.0.0.1', 1))
