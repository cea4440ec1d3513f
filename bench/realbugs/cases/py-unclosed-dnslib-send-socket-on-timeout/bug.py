"""dnslib/dns.py (0.9.14): DNSRecord.send() - the `dig`-like helper used by dnslib.client
and by proxy/intercept resolvers to forward a query upstream."""
import binascii
import socket
import struct


class DNSError(Exception):
    pass


class DNSHeader:
    def __init__(self, id=None, q=1):
        self.id = id or 0x1234
        self.q = q

    def pack(self):
        return struct.pack("!HHHHHH", self.id, 0x0100, self.q, 0, 0, 0)


class DNSRecord:
    def __init__(self, header=None, questions=None):
        self.header = header or DNSHeader()
        self.questions = questions or []

    @classmethod
    def question(cls, qname, qtype="A", qclass="IN"):
        return DNSRecord(questions=[(qname, qtype, qclass)])

    def pack(self):
        data = self.header.pack()
        for qname, _, _ in self.questions:
            for label in qname.rstrip(".").split("."):
                data += bytes([len(label)]) + label.encode()
            data += b"\x00" + struct.pack("!HH", 1, 1)
        return data

    def send(self, dest, port=53, tcp=False, timeout=None, ipv6=False):
        """
            Send packet to nameserver and return response
        """
        data = self.pack()
        if ipv6:
            inet = socket.AF_INET6
        else:
            inet = socket.AF_INET
        if tcp:
            if len(data) > 65535:
                raise ValueError("Packet length too long: %d" % len(data))
            data = struct.pack("!H", len(data)) + data
            sock = socket.socket(inet, socket.SOCK_STREAM)
            if timeout is not None:
                sock.settimeout(timeout)
            sock.connect((dest, port))
            sock.sendall(data)
            response = sock.recv(8192)
            length = struct.unpack("!H", bytes(response[:2]))[0]
            while len(response) - 2 < length:
                response += sock.recv(8192)
            sock.close()
            response = response[2:]
        else:
            sock = socket.socket(inet, socket.SOCK_DGRAM)
            if timeout is not None:
                sock.settimeout(timeout)
            sock.sendto(self.pack(), (dest, port))
            response, server = sock.recvfrom(8192)
            sock.close()
        return response


class ProxyResolver:
    """Forward every request to an upstream server (dnslib.proxy)."""

    def __init__(self, address, port, timeout=0):
        self.address = address
        self.port = port
        self.timeout = timeout

    def resolve(self, request, handler_tcp=False):
        try:
            proxy_r = request.send(self.address, self.port, tcp=handler_tcp, timeout=self.timeout)
            return binascii.hexlify(proxy_r)
        except socket.timeout:
            return None


if __name__ == "__main__":
    import warnings
    warnings.simplefilter("always", ResourceWarning)
    # a local UDP socket that never answers: every query times out
    blackhole = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    blackhole.bind(("127.0.0.1", 0))
    resolver = ProxyResolver("127.0.0.1", blackhole.getsockname()[1], timeout=0.05)
    for _ in range(3):
        resolver.resolve(DNSRecord.question("example.com"))
    blackhole.close()
