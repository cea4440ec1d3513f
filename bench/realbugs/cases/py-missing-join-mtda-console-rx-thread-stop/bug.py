# MTDA console output: the rx thread started in start() is never joined by stop().
import collections
import os
import queue
import threading
import time


class ConsoleOutput:

    def __init__(self, screen):
        self.exiting = False
        self.rx_alive = False
        self.rx_lock = threading.Lock()
        self.rx_paused = False
        self.rx_queue = collections.deque(maxlen=1000)
        self.rx_thread = None
        self.screen = screen

    def print(self, data):
        self.screen.append(data)

    def reader(self):
        return None

    def start(self):
        self.rx_alive = True
        self.rx_thread = threading.Thread(
            target=self.reader, name='console_rx')
        self.rx_thread.daemon = True
        self.rx_thread.start()

    def stop(self):
        self.exiting = True

    def write(self, data):
        with self.rx_lock:
            if self.rx_paused is False:
                self.print(data)
            else:
                self.rx_queue.append(data)


class _SubscribeStream:
    """Stand-in for the grpc server-streaming Subscribe() call."""

    def __init__(self):
        self._q = queue.Queue()

    def __iter__(self):
        while True:
            item = self._q.get()
            if item is None:
                return
            yield item

    def cancel(self):
        time.sleep(0.05)  # grpc tears the call down asynchronously
        self._q.put(None)


class RemoteConsole(ConsoleOutput):
    """Streams console output from a remote MTDA agent (gRPC Subscribe)."""

    def __init__(self, host, port, screen):
        ConsoleOutput.__init__(self, screen)
        self.host = host
        self.port = port
        self._stream = None

    def reader(self):
        while not self.exiting:
            self._stream = _SubscribeStream()
            for msg in self._stream:
                if self.exiting:
                    return
                self.write(msg)
            self._stream = None

    def stop(self):
        super().stop()
        if self._stream is not None:
            try:
                self._stream.cancel()
            except Exception:
                pass
            self._stream = None


def power_cycle_and_respawn(console):
    console.stop()
    # caller treats stop() as "the channel is gone" and forks right away
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)


if __name__ == "__main__":
    con = RemoteConsole("localhost", 5556, screen=[])
    con.start()
    time.sleep(0.05)
    power_cycle_and_respawn(con)
