"""Reduced from pyduro/protocol/frame.py (NBE pellet burner UDP protocol)."""
import socket

DEFAULT_PORT = 1901
TIMEOUT = 5.0


class Response:
    def __init__(self, raw):
        self.raw = raw
        self.function = raw[18:20].decode("ascii", "replace")
        self.status = raw[20:21]
        self.payload = raw[25:-1].decode("ascii", "replace")


class Frame:
    def __init__(self, app_id, controller_id, function, payload, seq=0):
        self.app_id = app_id
        self.controller_id = controller_id
        self.function = function
        self.payload = payload
        self.seq = seq

    def encode(self):
        return "{:<12}{:<6}{:02d}{:02d}{:03d}{}\x04".format(
            self.app_id, self.controller_id, self.function, self.seq,
            len(self.payload), self.payload,
        ).encode("ascii")

    def send(self, burner_address, verbose=False):
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
        sock.settimeout(TIMEOUT)
        sock.bind(("", DEFAULT_PORT))
        data = self.encode()
        if verbose:
            print("sending", data)
        sock.sendto(data, (burner_address, DEFAULT_PORT))
        raw, _addr = sock.recvfrom(4096)
        return Response(raw)


def get(burner_address, serial, path):
    frame = Frame("pyduro", serial, 1, path)
    response = frame.send(burner_address)
    return response.payload


if __name__ == "__main__":
    print(get("192.168.1.100", "12345", "boiler.temp"))
