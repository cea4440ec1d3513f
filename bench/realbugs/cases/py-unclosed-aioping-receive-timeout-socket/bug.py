"""A pure python ping implementation using raw socket (aioping, before #9).

Note that ICMP messages can only be sent from processes running as root.
"""

import asyncio
import functools
import logging
import random
import socket
import struct
import time
import uuid

logger = logging.getLogger("aioping")
default_timer = time.perf_counter

ICMP_ECHO_REQUEST = 8
ICMP6_ECHO_REQUEST = 128
ICMP_ECHO_REPLY = 0
ICMP6_ECHO_REPLY = 129

proto_icmp = socket.getprotobyname("icmp")
proto_icmp6 = socket.getprotobyname("ipv6-icmp")


def checksum(buffer):
    total = 0
    count_to = (len(buffer) // 2) * 2
    count = 0
    while count < count_to:
        total += buffer[count + 1] * 256 + buffer[count]
        total &= 0xFFFFFFFF
        count += 2
    if count_to < len(buffer):
        total += buffer[len(buffer) - 1]
        total &= 0xFFFFFFFF
    total = (total >> 16) + (total & 0xFFFF)
    total += total >> 16
    answer = ~total & 0xFFFF
    return answer >> 8 | (answer << 8 & 0xFF00)


async def receive_one_ping(my_socket, id_, timeout):
    """Receive the ping from the socket."""
    loop = asyncio.get_event_loop()

    try:
        async with asyncio.timeout(timeout):
            while True:
                rec_packet = await loop.sock_recv(my_socket, 1024)
                time_received = default_timer()

                offset = 20 if my_socket.family == socket.AddressFamily.AF_INET else 0
                icmp_header = rec_packet[offset:offset + 8]
                type_, code, _, packet_id, sequence = struct.unpack("BbHHh", icmp_header)

                if type_ != ICMP_ECHO_REPLY and type_ != ICMP6_ECHO_REPLY:
                    continue

                if packet_id == id_:
                    data = rec_packet[offset + 8:offset + 8 + struct.calcsize("d")]
                    time_sent = struct.unpack("d", data)[0]
                    return time_received - time_sent

    except asyncio.TimeoutError:
        asyncio.get_event_loop().remove_writer(my_socket)
        asyncio.get_event_loop().remove_reader(my_socket)

        raise TimeoutError("Ping timeout")


def sendto_ready(packet, socket, future, dest):
    try:
        socket.sendto(packet, dest)
    except (BlockingIOError, InterruptedError):
        return  # The callback will be retried
    except Exception as exc:
        asyncio.get_event_loop().remove_writer(socket)
        future.set_exception(exc)
    else:
        asyncio.get_event_loop().remove_writer(socket)
        future.set_result(None)


async def send_one_ping(my_socket, dest_addr, id_, timeout, family):
    """Send one ping to the given >dest_addr<."""
    icmp_type = ICMP_ECHO_REQUEST if family == socket.AddressFamily.AF_INET else ICMP6_ECHO_REQUEST
    header = struct.pack("BbHHh", icmp_type, 0, 0, id_, 1)
    data = struct.pack("d", default_timer()) + ((192 - struct.calcsize("d")) * "Q").encode("ascii")
    my_checksum = checksum(header + data)
    header = struct.pack("BbHHh", icmp_type, 0, socket.htons(my_checksum), id_, 1)
    packet = header + data

    future = asyncio.get_event_loop().create_future()
    callback = functools.partial(sendto_ready, packet=packet, socket=my_socket, dest=dest_addr, future=future)
    asyncio.get_event_loop().add_writer(my_socket, callback)
    await future


async def ping(dest_addr, timeout=10, family=None):
    """Returns either the delay (in seconds) or raises an exception."""
    loop = asyncio.get_event_loop()
    info = await loop.getaddrinfo(dest_addr, 0)

    if family is not None:
        info = list(filter(lambda i: i[0] == family, info))
    if len(info) == 0:
        raise socket.gaierror("%s hostname not found for address family %s" % (dest_addr, family))

    resolved = random.choice(info)
    family = resolved[0]
    addr = resolved[4]
    icmp = proto_icmp if family == socket.AddressFamily.AF_INET else proto_icmp6

    try:
        my_socket = socket.socket(family, socket.SOCK_RAW, icmp)
        my_socket.setblocking(False)
    except OSError as e:
        msg = e.strerror
        if e.errno == 1:
            msg += " - Note that ICMP messages can only be sent from processes running as root."
            raise OSError(msg)
        raise

    my_id = uuid.uuid4().int & 0xFFFF

    await send_one_ping(my_socket, addr, my_id, timeout, family)
    delay = await receive_one_ping(my_socket, my_id, timeout)
    my_socket.close()

    return delay


async def verbose_ping(dest_addr, timeout=2, count=3, family=None):
    for _ in range(count):
        delay = None
        try:
            delay = await ping(dest_addr, timeout, family)
        except TimeoutError:
            logger.error("%s timed out after %ss", dest_addr, timeout)
        except Exception as e:
            logger.error("%s failed: %s", dest_addr, str(e))
            break
        if delay is not None:
            logger.info("%s get ping in %0.4fms", dest_addr, delay * 1000)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    # an address that does not answer: every ping times out
    asyncio.run(verbose_ping("192.0.2.1", timeout=0.5, count=2))
