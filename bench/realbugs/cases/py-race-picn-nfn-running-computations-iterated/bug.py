"""Reduction of PiCN's PiCN/Layers/NFNLayer/BasicNFNLayer.py (computation handling thread)."""
import queue
import threading
import time


class NFNComputationTableEntry(object):
    def __init__(self, name):
        self.name = name
        self.time_stamp = time.time()


class BasicNFNLayer(object):
    def __init__(self, timeout=2.0):
        self.queue_from_lower = queue.Queue()
        self.running_computations = {}
        self.timeout = timeout
        self._running = True
        self._receiver = None
        self._computation_handler = None

    def start_process(self):
        self._receiver = threading.Thread(target=self.receive_loop)
        self._computation_handler = threading.Thread(target=self.handle_computation_queue)
        self._receiver.start()
        self._computation_handler.start()

    def stop_process(self):
        self._running = False
        self.queue_from_lower.put(None)
        self._receiver.join()
        self._computation_handler.join()

    def receive_loop(self):
        while self._running:
            packet = self.queue_from_lower.get()
            if packet is None:
                return
            self.data_from_lower(packet)

    def data_from_lower(self, packet):
        cid, name = packet
        if name is None:
            self.running_computations.pop(cid, None)
        else:
            self.running_computations[cid] = NFNComputationTableEntry(name)

    def handle_computation_queue(self):
        while self._running:
            for cid in self.running_computations.keys():
                entry = self.running_computations.get(cid)
                if entry is not None and time.time() - entry.time_stamp > self.timeout:
                    print("computation timed out:", entry.name)
            time.sleep(0.0005)


if __name__ == "__main__":
    layer = BasicNFNLayer()
    layer.start_process()
    for i in range(20000):
        layer.queue_from_lower.put((i, "/func/f%d/NFN" % i))
        if i % 3 == 0:
            layer.queue_from_lower.put((i - 1, None))
    time.sleep(0.5)
    layer.stop_process()
