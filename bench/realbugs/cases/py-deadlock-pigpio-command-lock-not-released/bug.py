"""Reduction of pigpio.py command plumbing (joan2937/pigpio#189)."""
import socket
import struct
import threading

_PI_CMD_TICK = 16
_PI_CMD_BR1 = 10
_PI_CMD_I2CRD = 56


class error(Exception):
    pass


class _socklock:
    """A socket and an associated lock."""

    def __init__(self):
        self.s = None
        self.l = threading.Lock()


def _u2i(value):
    v = value
    if v < 0:
        raise error("pigpio error %d" % v)
    return v


def _pigpio_command(sl, cmd, p1, p2, rl=True):
    sl.l.acquire()
    sl.s.send(struct.pack("IIII", cmd, p1, p2, 0))
    dummy, res = struct.unpack("12sI", sl.s.recv(16))
    if rl:
        sl.l.release()
    return res


def _pigpio_command_ext(sl, cmd, p1, p2, p3, extents, rl=True):
    ext = bytearray(struct.pack("IIII", cmd, p1, p2, p3))
    for x in extents:
        ext.extend(x if isinstance(x, (bytes, bytearray)) else struct.pack("I", x))
    sl.l.acquire()
    sl.s.sendall(ext)
    dummy, res = struct.unpack("12sI", sl.s.recv(16))
    if rl:
        sl.l.release()
    return res


class pi:
    def __init__(self, host="localhost", port=8888):
        self.sl = _socklock()
        self.sl.s = socket.create_connection((host, port), None)
        self.sl.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def get_current_tick(self):
        return _u2i(_pigpio_command(self.sl, _PI_CMD_TICK, 0, 0))

    def read_bank_1(self):
        return _pigpio_command(self.sl, _PI_CMD_BR1, 0, 0)

    def i2c_read_device(self, handle, count):
        bytes = _u2i(_pigpio_command(self.sl, _PI_CMD_I2CRD, handle, count, False))
        try:
            data = self.sl.s.recv(bytes) if bytes > 0 else b""
        finally:
            self.sl.l.release()
        return bytes, data

    def stop(self):
        if self.sl.s is not None:
            self.sl.s.close()
            self.sl.s = None
