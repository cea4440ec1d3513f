# -*- coding: utf-8 -*-
import fcntl
import json
import os
import select
import subprocess

_NL = u'\n'.encode('utf-8')
_POSIX = os.name == 'posix'
_TARGET_DIR = os.path.join(os.path.expanduser('~'), '.local', 'bin')
_MYSTEM_BIN = 'mystem'


def _set_non_blocking(fd):
    flags = fcntl.fcntl(fd, fcntl.F_GETFL)
    flags = flags | os.O_NONBLOCK
    fcntl.fcntl(fd, fcntl.F_SETFL, flags)


class Mystem(object):
    """Wrap mystem binary to be able to use it from python."""

    def __init__(self, mystem_bin=None, grammar_info=True, disambiguation=True,
                 entire_input=True):
        self._mystem_bin = mystem_bin or os.path.join(_TARGET_DIR, _MYSTEM_BIN)
        self._mystemargs = ['--format', 'json']
        if grammar_info:
            self._mystemargs.append('-gi')
        if disambiguation:
            self._mystemargs.append('-d')
        if entire_input:
            self._mystemargs.append('-c')

        self._procin = None
        self._procout = None
        self._procout_no = None
        self._proc = None

    def __del__(self):
        self.close()  # terminate process on exit

    def __enter__(self):
        if self._proc is None:
            self.start()
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.close()

    def start(self):
        """Run mystem binary."""
        self._start_mystem()

    def close(self):
        if self._proc is not None:
            self._proc.terminate()
            self._proc.wait()
        self._procin = None
        self._procout = None
        self._procout_no = None
        self._proc = None

    def _start_mystem(self):
        self._proc = subprocess.Popen([self._mystem_bin] + self._mystemargs,
                                      stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE,
                                      bufsize=0,
                                      close_fds=True if _POSIX else False)

        self._procin, self._procout = self._proc.stdin, self._proc.stdout
        self._procout_no = self._procout.fileno()
        _set_non_blocking(self._procout)

    def analyze(self, text):
        if self._proc is None:
            self.start()
        self._procin.write(text.encode('utf-8') + _NL)
        self._procin.flush()
        obj = bytearray()
        while True:
            select.select([self._procout_no], [], [], 1.0)
            out = self._procout.read()
            if out:
                obj += out
            if obj.endswith(_NL):
                break
        return json.loads(obj.decode('utf-8'))


if __name__ == '__main__':
    with Mystem() as m:
        print(m.analyze(u'мама мыла раму'))
    # ResourceWarning: unclosed file <_io.FileIO name=4 mode='wb'> / name=5 mode='rb'
