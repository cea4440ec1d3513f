import os
import socket
import stat


class SocketConfig:
    """ Abstract base class which provides a uniform abstraction
    for TCP vs Unix sockets """
    url = ''  # socket url
    addr = None  # socket addr
    backlog = None  # socket listen backlog

    def __repr__(self):
        return '<%s at %s for %s>' % (self.__class__,
                                      id(self),
                                      self.url)

    def __str__(self):
        return str(self.url)

    def get_backlog(self):
        return self.backlog

    def addr(self):  # pragma: no cover
        raise NotImplementedError

    def create_and_bind(self):  # pragma: no cover
        raise NotImplementedError


class InetStreamSocketConfig(SocketConfig):
    """ TCP socket config helper """

    host = None  # host name or ip to bind to
    port = None  # integer port to bind to

    def __init__(self, host, port, **kwargs):
        self.host = host.lower()
        self.port = port
        self.url = 'tcp://%s:%d' % (self.host, self.port)
        self.backlog = kwargs.get('backlog', None)

    def addr(self):
        return self.host, self.port

    def create_and_bind(self):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(self.addr())
        return sock


class UnixStreamSocketConfig(SocketConfig):
    """ Unix domain socket config helper """

    path = None  # Unix domain socket path
    mode = None  # Unix permission mode bits for socket
    owner = None  # Tuple (uid, gid) for Unix ownership of socket

    def __init__(self, path, **kwargs):
        self.path = path
        self.url = 'unix://%s' % path
        self.mode = kwargs.get('mode', None)
        self.owner = kwargs.get('owner', None)
        self.backlog = kwargs.get('backlog', None)

    def addr(self):
        return self.path

    def create_and_bind(self):
        if os.path.exists(self.path):
            os.unlink(self.path)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.bind(self.addr())
        self._chown()
        self._chmod()
        return sock

    def _chmod(self):
        if self.mode is not None:
            try:
                os.chmod(self.path, self.mode)
            except Exception as e:
                raise ValueError("Could not change permissions of socket "
                                 + "file: %s" % (e))

    def _chown(self):
        if self.owner is not None:
            try:
                os.chown(self.path, self.owner[0], self.owner[1])
            except Exception as e:
                raise ValueError("Could not change ownership of socket file: "
                                 + "%s" % (e))


if __name__ == '__main__':
    # port already taken (or chown to another user refused): bind()/_chown()
    # raise and the freshly created socket object is simply dropped
    for config in (InetStreamSocketConfig('127.0.0.1', 1),
                   UnixStreamSocketConfig('/tmp/supervisor-demo.sock', owner=(0, 0), mode=stat.S_IRWXU)):
        try:
            config.create_and_bind().close()
        except (OSError, ValueError) as e:
            print(config, e)
