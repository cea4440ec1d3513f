"""Reduction of chromadb/telemetry/product/posthog.py (Posthog.capture) before PR #6524."""
import threading


class ProductTelemetryEvent(object):
    def __init__(self, name, batch_key, max_batch_size=100, batch_size=1):
        self.name = name
        self.batch_key = batch_key
        self.max_batch_size = max_batch_size
        self.batch_size = batch_size

    def batch(self, other):
        return ProductTelemetryEvent(
            self.name,
            self.batch_key,
            self.max_batch_size,
            self.batch_size + other.batch_size,
        )


class Posthog(object):
    def __init__(self):
        self.batched_events = {}
        self.seen_event_types = set()
        self.sent = []

    def _direct_capture(self, event):
        # Network call to posthog in the real client.
        self.sent.append((event.name, event.batch_size))

    def capture(self, event):
        if event.max_batch_size == 1 or event.batch_key not in self.seen_event_types:
            self.seen_event_types.add(event.batch_key)
            self._direct_capture(event)
            return
        batch_key = event.batch_key
        if batch_key not in self.batched_events:
            self.batched_events[batch_key] = event
            return
        batched_event = self.batched_events[batch_key].batch(event)
        self.batched_events[batch_key] = batched_event
        if batched_event.batch_size >= batched_event.max_batch_size:
            self._direct_capture(batched_event)
            del self.batched_events[batch_key]


def collection_get(telemetry, n):
    # Every Collection.get() records a telemetry event.
    for _ in range(n):
        telemetry.capture(ProductTelemetryEvent("CollectionGetEvent", "get", 20))


def main():
    telemetry = Posthog()
    threads = [
        threading.Thread(target=collection_get, args=(telemetry, 1000))
        for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("batches sent:", len(telemetry.sent))


if __name__ == "__main__":
    main()
