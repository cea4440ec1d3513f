"""Reduced from MSLNZ/msl-loadlib msl/loadlib/client64.py (0.6): Client64 and its 32-bit server process."""
import json
import os
import socket
import subprocess
import sys
import time
from http.client import HTTPConnection

SERVER_FILENAME = 'server32-linux'
SHUTDOWN = '__SHUTDOWN_SERVER32__'
METADATA = '-METADATA-'


def get_available_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(('', 0))
        return sock.getsockname()[1]


def wait_for_server(host, port, timeout):
    stop = time.time() + max(0.0, timeout)
    while True:
        try:
            with socket.create_connection((host, port), timeout=1):
                return
        except OSError:
            if time.time() > stop:
                raise TimeoutError('Timeout after {:.1f} seconds'.format(timeout))
            time.sleep(0.1)


class Client64(object):

    def __init__(self, module32, host='127.0.0.1', port=None, timeout=10.0, quiet=True, **kwargs):
        self._conn = None
        if port is None:
            port = get_available_port()

        cmd = [os.path.join(os.path.dirname(__file__), SERVER_FILENAME),
               '--module', module32, '--host', host, '--port', str(port)]
        if kwargs:
            cmd.extend(['--kwargs', json.dumps(kwargs)])

        if quiet:
            self._proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        else:
            self._proc = subprocess.Popen(cmd, stdout=sys.stderr, stderr=sys.stderr)

        wait_for_server(host, port, timeout)
        self._conn = HTTPConnection(host, port=port)
        self._conn.request('GET', METADATA)
        response = self._conn.getresponse()
        self._meta32 = json.loads(response.read())

    @property
    def lib32_path(self):
        return self._meta32['path']

    def request32(self, method32, *args, **kwargs):
        body = json.dumps({'args': args, 'kwargs': kwargs})
        self._conn.request('POST', method32, body=body)
        response = self._conn.getresponse()
        return json.loads(response.read())

    def shutdown_server32(self, kill_timeout=10):
        if self._conn is None:
            return
        self._conn.request('POST', SHUTDOWN)
        self._conn.close()
        self._conn = None

    def __del__(self):
        try:
            self.shutdown_server32()
        except Exception:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.shutdown_server32()


class Cpp64(Client64):

    def __init__(self):
        super(Cpp64, self).__init__(module32='cpp_lib32')

    def add(self, a, b):
        return self.request32('add', a, b)


if __name__ == '__main__':
    with Cpp64() as cpp:
        print(cpp.add(1, 2))
