import threading
import time


class MqttClient:
    """Minimal stand-in for paho.mqtt.client.Client (1.4) locking."""

    def __init__(self):
        self._callback_mutex = threading.RLock()
        self._out_packet_mutex = threading.Lock()
        self._out_packet = []
        self._last_mid = 0
        self.on_subscribe = None
        self.on_socket_register_write = None

    def subscribe(self, topic, qos=0):
        self._last_mid += 1
        mid = self._last_mid
        with self._out_packet_mutex:
            self._out_packet.append(("SUBSCRIBE", mid, topic, qos))
        time.sleep(0.05)  # broker answers while we are still inside subscribe()
        self._call_socket_register_write()
        return 0, mid

    def _call_socket_register_write(self):
        with self._callback_mutex:
            if self.on_socket_register_write:
                self.on_socket_register_write(self, None, None)

    # network thread: _packet_handle() -> _handle_suback()
    def _handle_suback(self, mid):
        with self._callback_mutex:
            if self.on_subscribe:
                self.on_subscribe(self, None, mid, (0,))


class DxlClient:
    def __init__(self):
        self._client = MqttClient()
        self._client.on_subscribe = self._on_subscribe
        self._packets_acked = set()
        self._packets_awaiting_ack_condition = threading.Condition()
        self._subscriptions = set()
        self._subscriptions_lock = threading.RLock()

    def subscribe(self, topic):
        with self._subscriptions_lock:
            if topic not in self._subscriptions:
                self._subscriptions.add(topic)
                self._subscribe_and_wait(topic)

    def _subscribe_and_wait(self, topic):
        _, mid = self._client.subscribe(topic)
        with self._packets_awaiting_ack_condition:
            self._wait_for_packet_ack(mid)

    def _wait_for_packet_ack(self, mid, timeout=5):
        end = time.time() + timeout
        while mid not in self._packets_acked and time.time() < end:
            self._packets_awaiting_ack_condition.wait(end - time.time())
        self._packets_acked.discard(mid)

    def _on_subscribe(self, client, userdata, mid, granted_qos):
        with self._packets_awaiting_ack_condition:
            self._packets_acked.add(mid)
            self._packets_awaiting_ack_condition.notify_all()


if __name__ == "__main__":
    dxl = DxlClient()
    sub = threading.Thread(target=dxl.subscribe, args=("/mcafee/event/test",), daemon=True)
    net = threading.Thread(target=dxl._client._handle_suback, args=(1,), daemon=True)
    sub.start()
    time.sleep(0.01)
    net.start()
    sub.join(timeout=1)
    net.join(timeout=1)
    print("deadlocked" if sub.is_alive() or net.is_alive() else "ok")
