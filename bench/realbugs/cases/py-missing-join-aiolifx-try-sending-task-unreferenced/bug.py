"""Reduced from aiolifx/aiolifx.py (Device protocol used by Home Assistant's lifx integration)."""
import asyncio as aio
import random

DEFAULT_TIMEOUT = 0.5
DEFAULT_ATTEMPTS = 3


class Message:
    def __init__(self, target_addr, source_id, seq_num, payload=None,
                 ack_requested=False, response_requested=False):
        self.target_addr = target_addr
        self.source_id = source_id
        self.seq_num = seq_num
        self.payload = payload or {}
        self.packed_message = bytes([seq_num]) + repr(self.payload).encode()


class Acknowledgement(Message):
    pass


class LightSetPower(Message):
    pass


class LightGet(Message):
    pass


class LightState(Message):
    pass


class Device(aio.DatagramProtocol):
    def __init__(self, loop, mac_addr, ip_addr, port, parent=None):
        self.loop = loop
        self.mac_addr = mac_addr
        self.ip_addr = ip_addr
        self.port = port
        self.parent = parent
        self.transport = None
        self.source_id = random.randint(0, (2 ** 32) - 1)
        self.seq = 0
        self.message = {}  # seq_num -> [response_type, event, callb]

    def seq_next(self):
        self.seq = (self.seq + 1) % 128
        return self.seq

    def datagram_received(self, data, addr):
        seq_num = data[0]
        if seq_num in self.message:
            response_type, myevent, callb = self.message[seq_num]
            if myevent:
                myevent.set()
            if callb:
                callb(self, data)
            del self.message[seq_num]

    def unregister(self):
        if self.parent:
            self.parent.unregister(self)

    async def try_sending(self, msg, timeout_secs, max_attempts):
        if timeout_secs is None:
            timeout_secs = DEFAULT_TIMEOUT
        if max_attempts is None:
            max_attempts = DEFAULT_ATTEMPTS
        attempts = 0
        while attempts < max_attempts:
            if msg.seq_num not in self.message:
                return
            event = aio.Event()
            self.message[msg.seq_num][1] = event
            attempts += 1
            if self.transport:
                self.transport.sendto(msg.packed_message)
            try:
                await aio.wait_for(event.wait(), timeout_secs)
                break
            except Exception:
                if attempts >= max_attempts:
                    if msg.seq_num in self.message:
                        callb = self.message[msg.seq_num][2]
                        if callb:
                            callb(self, None)
                        del self.message[msg.seq_num]
                    # It's dead Jim
                    self.unregister()

    # Usually used for Set messages
    def req_with_ack(self, msg_type, payload, callb=None, timeout_secs=None, max_attempts=None):
        msg = msg_type(self.mac_addr, self.source_id, seq_num=self.seq_next(),
                       payload=payload, ack_requested=True, response_requested=False)
        self.message[msg.seq_num] = [Acknowledgement, None, callb]
        xx = self.loop.create_task(self.try_sending(msg, timeout_secs, max_attempts))
        return True

    # Usually used for Get messages, or for state confirmation after Set
    def req_with_resp(self, msg_type, response_type, payload={}, callb=None,
                      timeout_secs=None, max_attempts=None):
        msg = msg_type(self.mac_addr, self.source_id, seq_num=self.seq_next(),
                       payload=payload, ack_requested=False, response_requested=True)
        self.message[msg.seq_num] = [response_type, None, callb]
        xx = self.loop.create_task(self.try_sending(msg, timeout_secs, max_attempts))
        return True

    def set_power(self, value, callb=None):
        return self.req_with_ack(LightSetPower, {"power_level": 65535 if value else 0}, callb=callb)

    def get_color(self, callb=None):
        return self.req_with_resp(LightGet, LightState, callb=callb)
