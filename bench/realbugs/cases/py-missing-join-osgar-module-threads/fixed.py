import threading
import time


class LogWriter:
    def __init__(self):
        self.lock = threading.Lock()
        self.records = []

    def write(self, stream, data):
        with self.lock:
            self.records.append((time.monotonic(), stream, data))

    def close(self):
        with self.lock:
            print("logged %d records" % len(self.records))


class Node:
    def __init__(self, name, log, count=50):
        self.name = name
        self.log = log
        self.count = count
        self.stop_requested = threading.Event()
        self.thread = threading.Thread(target=self.run)

    def start(self):
        self.thread.start()

    def run(self):
        for i in range(self.count):
            if self.stop_requested.is_set():
                break
            self.log.write(self.name, i)
            time.sleep(0.001)

    def request_stop(self):
        self.stop_requested.set()

    def join(self, timeout=None):
        self.thread.join(timeout)


class Recorder:
    def __init__(self, names):
        self.log = LogWriter()
        self.modules = [Node(n, self.log) for n in names]

    def start(self):
        for m in self.modules:
            m.start()

    def finish(self):
        for m in self.modules:
            m.request_stop()
        for m in self.modules:
            m.join()
        self.log.close()


def main():
    rec = Recorder(["gps", "imu", "lidar"])
    rec.start()
    time.sleep(0.01)
    rec.finish()


if __name__ == "__main__":
    main()
