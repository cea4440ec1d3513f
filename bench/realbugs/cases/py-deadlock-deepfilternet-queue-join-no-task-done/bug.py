import queue
import threading


class PytorchDataLoader:
    def __init__(self, batches, prefetch=4):
        self.batches = list(batches)
        self.data_queue = queue.Queue(maxsize=prefetch)
        self.stop_event = threading.Event()
        self.pin_memory_thread = threading.Thread(target=self._pin_memory_loop, daemon=True)
        self.pin_memory_thread.start()

    def _pin_memory_loop(self):
        for batch in self.batches:
            if self.stop_event.is_set():
                break
            self.data_queue.put([x * 1.0 for x in batch])

    def __iter__(self):
        for _ in range(len(self.batches)):
            yield self.data_queue.get()

    def cleanup_pin_memory_thread(self):
        self.stop_event.set()
        while True:
            try:
                _ = self.data_queue.get(timeout=2)
            except queue.Empty:
                break
        self.data_queue.join()
        self.pin_memory_thread.join()


def main():
    loader = PytorchDataLoader([[1, 2], [3, 4], [5, 6]])
    for batch in loader:
        print(batch)
    loader.cleanup_pin_memory_thread()
    print("clean shutdown")


if __name__ == "__main__":
    main()
