import threading
import time


class SharedBroadcaster:
    """Reduced from caproto.threading.client.SharedBroadcaster."""

    def __init__(self):
        self.unanswered_searches = {}  # search_id -> (name, retry_at)
        self._search_lock = threading.RLock()
        self._next_id = 0
        self._stop = threading.Event()
        self.found = {}
        self.command_thread = threading.Thread(target=self.command_loop, daemon=True)
        self.retry_thread = threading.Thread(target=self._retry_unanswered_searches,
                                             daemon=True)

    def start(self):
        self.command_thread.start()
        self.retry_thread.start()

    def search(self, name):
        with self._search_lock:
            self._next_id += 1
            self.unanswered_searches[self._next_id] = (name, time.monotonic())
            return self._next_id

    def command_loop(self):
        # Handles SearchResponse commands coming back from the network.
        while not self._stop.is_set():
            for search_id in range(1, self._next_id + 1):
                item = self.unanswered_searches.pop(search_id, None)
                if item is not None:
                    self.found[item[0]] = search_id
            time.sleep(0.001)

    def _retry_unanswered_searches(self):
        while not self._stop.is_set():
            now = time.monotonic()
            resend = []
            for search_id, (name, retry_at) in self.unanswered_searches.items():
                if retry_at <= now:
                    resend.append((search_id, name))
            for search_id, name in resend:
                self.send_search(search_id, name)
            time.sleep(0.001)

    def send_search(self, search_id, name):
        pass

    def stop(self):
        self._stop.set()
        self.command_thread.join()
        self.retry_thread.join()


def main():
    b = SharedBroadcaster()
    b.start()
    for i in range(2000):
        b.search("pv:%d" % i)
    time.sleep(0.2)
    b.stop()
    print(len(b.found))


if __name__ == "__main__":
    main()
