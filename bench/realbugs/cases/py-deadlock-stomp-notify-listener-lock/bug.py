"""Reduced from stomp.py 4.1.20 (stomp/transport.py): the receiver thread
delivers frames to listeners while holding __listeners_change_condition, and
the sending path takes the same condition."""
import threading


class BaseTransport:
    def __init__(self):
        self.listeners = {}
        self.__listeners_change_condition = threading.Condition()

    def set_listener(self, name, listener):
        with self.__listeners_change_condition:
            self.listeners[name] = listener

    def notify(self, frame_type, body):
        with self.__listeners_change_condition:
            for _, listener in sorted(self.listeners.items()):
                if frame_type == 'MESSAGE':
                    listener.on_message(body)

    def transmit(self, body):
        with self.__listeners_change_condition:
            for _, listener in self.listeners.items():
                listener.on_send(body)
        print('>>> SEND', body)

    def receiver_loop(self):
        for i in range(50):
            self.notify('MESSAGE', 'frame-%d' % i)


class Connection:
    def __init__(self):
        self.transport = BaseTransport()

    def set_listener(self, name, listener):
        self.transport.set_listener(name, listener)

    def send(self, body):
        self.transport.transmit(body)


class AppListener:
    """Application listener; the application guards the connection with its
    own lock so that sends from several threads are serialised."""

    def __init__(self, conn, conn_lock):
        self.conn = conn
        self.conn_lock = conn_lock

    def on_send(self, body):
        pass

    def on_message(self, body):
        with self.conn_lock:
            self.conn.send('ack ' + body)


def main():
    conn_lock = threading.RLock()
    conn = Connection()
    conn.set_listener('app', AppListener(conn, conn_lock))
    receiver = threading.Thread(target=conn.transport.receiver_loop)
    receiver.start()
    for i in range(50):
        with conn_lock:
            conn.send('hello %d' % i)
    receiver.join()


if __name__ == '__main__':
    main()
