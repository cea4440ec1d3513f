# paramiko: paramiko/client.py (SSHClient.connect) + paramiko/util.py (retry_on_signal)
import errno
import socket
from errno import ECONNREFUSED, EHOSTUNREACH


def retry_on_signal(function):
    while True:
        try:
            return function()
        except EnvironmentError as e:
            if e.errno != errno.EINTR:
                raise


class NoValidConnectionsError(socket.error):
    def __init__(self, errors):
        addrs = sorted(errors.keys())
        body = ", ".join([x[0] for x in addrs[:-1]])
        tail = addrs[-1][0]
        msg = "Unable to connect to port {0} on {1} or {2}"
        super(NoValidConnectionsError, self).__init__(
            None, msg.format(addrs[0][1], body, tail)
        )
        self.errors = errors


class Transport(object):
    def __init__(self, sock):
        self.sock = sock
        self.active = False

    def start_client(self, timeout=None):
        self.active = True

    def close(self):
        self.active = False
        self.sock.close()


class SSHClient(object):
    def __init__(self):
        self._transport = None

    def _families_and_addresses(self, hostname, port):
        guess = True
        addrinfos = socket.getaddrinfo(
            hostname, port, socket.AF_UNSPEC, socket.SOCK_STREAM
        )
        for (family, socktype, proto, canonname, sockaddr) in addrinfos:
            if socktype == socket.SOCK_STREAM:
                yield family, sockaddr
                guess = False
        if guess:
            for family, _, _, _, sockaddr in addrinfos:
                yield family, sockaddr

    def connect(self, hostname, port=22, timeout=None, sock=None):
        if not sock:
            errors = {}
            # Try multiple possible address families (e.g. IPv4 vs IPv6)
            to_try = list(self._families_and_addresses(hostname, port))
            for af, addr in to_try:
                try:
                    sock = socket.socket(af, socket.SOCK_STREAM)
                    if timeout is not None:
                        try:
                            sock.settimeout(timeout)
                        except:
                            pass
                    retry_on_signal(lambda: sock.connect(addr))
                    # Break out of the loop on success
                    break
                except socket.error as e:
                    # As mentioned in socket docs it is better
                    # to close sockets explicitly
                    if sock:
                        sock.close()
                    # Raise anything that isn't a straight up connection error
                    # (such as a resolution error)
                    if e.errno not in (ECONNREFUSED, EHOSTUNREACH):
                        raise
                    # Capture anything else so we know how the run looks once
                    # iteration is complete. Retain info about which attempt
                    # this was.
                    errors[addr] = e

            # Make sure we explode usefully if no address family attempts
            # succeeded.
            if len(errors) == len(to_try):
                raise NoValidConnectionsError(errors)

        t = self._transport = Transport(sock)
        t.start_client(timeout=timeout)

    def close(self):
        if self._transport is not None:
            self._transport.close()
            self._transport = None


if __name__ == "__main__":
    client = SSHClient()
    try:
        client.connect("localhost", port=1, timeout=1)
    except socket.error as exc:
        print("connect failed:", exc)
    finally:
        client.close()
