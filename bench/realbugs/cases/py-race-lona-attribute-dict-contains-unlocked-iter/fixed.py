import threading


class Document:
    def __init__(self):
        self.lock = threading.RLock()


class AttributeDict:
    """Reduced from lona.html.attribute_dict.AttributeDict."""

    def __init__(self, node, *args, **kwargs):
        self._node = node
        self._attributes = dict(*args, **kwargs)

    @property
    def _lock(self):
        return self._node.document.lock

    def __setitem__(self, name, value):
        with self._lock:
            self._attributes[name] = value

    def __getitem__(self, name):
        with self._lock:
            return self._attributes[name]

    def __iter__(self):
        # the lock only covers creating the iterator, not iterating it
        with self._lock:
            return iter(self._attributes)

    def __contains__(self, name):
        with self._lock:
            return name in self._attributes

    def __len__(self):
        with self._lock:
            return len(self._attributes)


class Node:
    def __init__(self, document):
        self.document = document
        self.attributes = AttributeDict(self, {})


def writer(node, n):
    for i in range(n):
        node.attributes[i] = i ** 2


def reader(node, stop):
    while not stop.is_set():
        # __contains__ does the whole membership test under the lock
        -1 in node.attributes


def main():
    node = Node(Document())
    stop = threading.Event()
    t_read = threading.Thread(target=reader, args=(node, stop))
    t_write = threading.Thread(target=writer, args=(node, 200_000))
    t_read.start()
    t_write.start()
    t_write.join()
    stop.set()
    t_read.join()
    print(len(node.attributes))


if __name__ == "__main__":
    main()
