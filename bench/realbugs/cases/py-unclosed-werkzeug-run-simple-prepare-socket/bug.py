"""werkzeug 2.2 serving.py (reduced): run_simple() prepares the listening socket for the reloader."""
import os
import socket
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

LISTEN_QUEUE = 128


def is_running_from_reloader():
    return os.environ.get("WERKZEUG_RUN_MAIN") == "true"


def select_address_family(host, port):
    if ":" in host and hasattr(socket, "AF_INET6"):
        return socket.AF_INET6
    return socket.AF_INET


def get_sockaddr(host, port, family):
    return host, int(port)


def prepare_socket(hostname, port):
    address_family = select_address_family(hostname, port)
    server_address = get_sockaddr(hostname, port, address_family)
    s = socket.socket(address_family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.set_inheritable(True)
    try:
        s.bind(server_address)
    except OSError as e:
        print(e.strerror, file=sys.stderr)
        sys.exit(1)
    s.listen(LISTEN_QUEUE)
    return s


class BaseWSGIServer(HTTPServer):
    def __init__(self, host, port, app, fd=None):
        self.app = app
        if fd is not None:
            super().__init__((host, port), BaseHTTPRequestHandler, bind_and_activate=False)
            self.socket.close()
            self.socket = socket.fromfd(fd, socket.AF_INET, socket.SOCK_STREAM)
            self.server_address = self.socket.getsockname()
        else:
            super().__init__((host, port), BaseHTTPRequestHandler)


def make_server(host, port, app, fd=None):
    return BaseWSGIServer(host, port, app, fd=fd)


def run_simple(hostname, port, application, use_reloader=False, serve=True):
    if not is_running_from_reloader():
        s = prepare_socket(hostname, port)
        fd = s.fileno()
        os.environ["WERKZEUG_SERVER_FD"] = str(fd)
    else:
        fd = int(os.environ["WERKZEUG_SERVER_FD"])

    srv = make_server(hostname, port, application, fd=fd)
    if serve:
        srv.serve_forever()
    return srv


if __name__ == "__main__":
    import gc
    import warnings
    warnings.simplefilter("default")
    srv = run_simple("127.0.0.1", 0, application=None, serve=False)
    gc.collect()  # ResourceWarning: unclosed <socket.socket ... laddr=('127.0.0.1', ...)>
    srv.server_close()
