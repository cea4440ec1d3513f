import collections
import threading
import time

MQTT_ERR_SUCCESS, MQTT_LOG_ERR = 0, 8


class MQTTMessage:
    def __init__(self, mid=0, topic=b""):
        self.mid, self._topic, self.payload = mid, topic, b""

    @property
    def topic(self):
        return self._topic.decode("utf-8")


class Client:
    def __init__(self, userdata=None):
        self._userdata, self._sock = userdata, object()
        self._registered_write, self._last_mid = False, 0
        self._out_packet = collections.deque()
        self._out_messages = collections.OrderedDict()
        self._callback_mutex = threading.RLock()
        self._out_packet_mutex = threading.Lock()
        self._out_message_mutex = threading.RLock()
        self._in_callback_mutex = threading.Lock()
        self._on_message = None
        self._on_socket_register_write = None

    @property
    def on_message(self):
        return self._on_message

    @on_message.setter
    def on_message(self, func):
        with self._callback_mutex:
            self._on_message = func

    @property
    def on_socket_register_write(self):
        return self._on_socket_register_write

    @on_socket_register_write.setter
    def on_socket_register_write(self, func):
        with self._callback_mutex:
            self._on_socket_register_write = func

    def _easy_log(self, level, fmt, *args):
        pass

    def _mid_generate(self):
        self._last_mid += 1
        return self._last_mid

    def publish(self, topic, payload=None, qos=0, retain=False):
        local_mid = self._mid_generate()
        message = MQTTMessage(local_mid, topic.encode("utf-8"))
        message.payload = payload
        with self._out_message_mutex:
            self._out_messages[message.mid] = message
            return self._send_publish(message.mid, topic, payload, qos, retain)

    def _send_publish(self, mid, topic, payload, qos, retain):
        packet = bytearray(b"\x30") + topic.encode("utf-8") + (payload or b"")
        return self._packet_queue(0x30, packet, mid, qos)

    def _packet_queue(self, command, packet, mid, qos):
        mpkt = {"command": command, "mid": mid, "qos": qos, "packet": packet}
        with self._out_packet_mutex:
            self._out_packet.append(mpkt)
        self._call_socket_register_write()
        return MQTT_ERR_SUCCESS

    def _call_socket_register_write(self):
        """Call the socket_register_write callback with the unwritable socket"""
        if not self._sock or self._registered_write:
            return
        self._registered_write = True
        with self._callback_mutex:
            on_socket_register_write = self.on_socket_register_write

        if on_socket_register_write:
            try:
                on_socket_register_write(self, self._userdata, self._sock)
            except Exception as err:
                self._easy_log(MQTT_LOG_ERR, "Caught exception in on_socket_register_write: %s", err)

    # network-loop thread: loop() -> loop_read() -> _packet_read() -> _handle_publish()
    def _handle_publish(self, topic, payload):
        message = MQTTMessage(0, topic)
        message.payload = payload
        self._handle_on_message(message)

    def _handle_on_message(self, message):
        with self._callback_mutex:
            try:
                topic = message.topic
            except UnicodeDecodeError:
                topic = None

            on_message = self.on_message

        if topic is not None and on_message:
            with self._in_callback_mutex:
                try:
                    on_message(self, self._userdata, message)
                except Exception as err:
                    self._easy_log(MQTT_LOG_ERR, "Caught exception in on_message: %s", err)


def on_message(client, userdata, msg):
    time.sleep(0.05)  # long-running user handler, preempted by the publisher thread
    client.publish("reply/" + msg.topic, b"ack")


if __name__ == "__main__":
    client = Client()
    client.on_message = on_message
    net = threading.Thread(target=client._handle_publish, args=(b"cmd", b"go"), daemon=True)
    pub = threading.Thread(target=client.publish, args=("telemetry", b"42"), daemon=True)
    net.start(); time.sleep(0.01); pub.start()
    net.join(timeout=1); pub.join(timeout=1)
    print("deadlocked" if net.is_alive() or pub.is_alive() else "ok")
