import threading
from collections import deque


class ProduceFailureError(Exception):
    pass


class ThreadingHandler:
    Lock = threading.Lock


class Broker:
    def __init__(self, id_):
        self.id = id_


class Partition:
    def __init__(self, id_, leader):
        self.id, self.leader = id_, leader


class Cluster:
    def __init__(self, topic):
        self.topic = topic
        self.handler = ThreadingHandler()

    def update(self):
        # metadata refresh after NotLeaderForPartition: partition 0 moved to broker 2
        self.topic.partitions[0].leader = Broker(2)


class Topic:
    def __init__(self):
        self.partitions = {0: Partition(0, Broker(1))}


class Message:
    def __init__(self, value, partition_id=0):
        self.value, self.partition_id = value, partition_id


class OwnedBroker:
    def __init__(self, producer, broker):
        self.producer, self.broker = producer, broker
        self.queue = deque()
        self.running = True

    def enqueue(self, message):
        self.queue.appendleft(message)

    def flush(self):
        batch = list(self.queue)
        self.queue.clear()
        return batch

    def stop(self):
        self.running = False


class Producer:
    def __init__(self, cluster, topic):
        self._cluster = cluster
        self._topic = topic
        self._owned_brokers = None
        self._update_lock = self._cluster.handler.Lock()
        self._setup_owned_brokers()

    def _update(self):
        """Update the producer and cluster after an ERROR_CODE

        Also re-produces messages that were in queues at the time the update
        was triggered
        """
        with self._update_lock:
            self._cluster.update()
            queued_messages = self._setup_owned_brokers()
            if len(queued_messages):
                for message in queued_messages:
                    self._produce(message)

    def _setup_owned_brokers(self):
        queued_messages = []
        if self._owned_brokers is not None:
            for owned_broker in self._owned_brokers.values():
                owned_broker.stop()
                queued_messages.extend(owned_broker.flush())
        self._owned_brokers = {}
        for partition in self._topic.partitions.values():
            if partition.leader.id not in self._owned_brokers:
                self._owned_brokers[partition.leader.id] = OwnedBroker(self, partition.leader)
        return queued_messages

    def produce(self, message):
        self._produce(Message(message))

    def _produce(self, message):
        success = False
        retry = 0
        while not success:
            leader_id = self._topic.partitions[message.partition_id].leader.id
            if leader_id in self._owned_brokers:
                self._owned_brokers[leader_id].enqueue(message)
                success = True
            else:
                retry += 1
                if retry < 10:
                    self._update()
                else:
                    raise ProduceFailureError("Message could not be enqueued")


if __name__ == "__main__":
    topic = Topic()
    producer = Producer(Cluster(topic), topic)
    for i in range(3):
        producer.produce(b"msg-%d" % i)
    # a worker's send failed with NotLeaderForPartition: it calls _update()
    worker = threading.Thread(target=producer._update, daemon=True)
    worker.start()
    worker.join(timeout=2)
    print("producer deadlocked in _update():", worker.is_alive())
