"""pymilvus Connections: a singleton metaclass that checks and sets without a lock."""
import threading
import time


class DefaultConfig:
    DEFAULT_HOST = "localhost"
    DEFAULT_PORT = "19530"


class SingleInstanceMetaClass(type):
    def __init__(cls, name, bases, dic):
        cls.__single_instance = None
        cls.__instance_lock = threading.Lock()
        super().__init__(name, bases, dic)

    def __call__(cls, *args, **kwargs):
        with cls.__instance_lock:
            if cls.__single_instance:
                return cls.__single_instance
            single_obj = cls.__new__(cls)
            single_obj.__init__(*args, **kwargs)
            cls.__single_instance = single_obj
            return single_obj


class Connections(metaclass=SingleInstanceMetaClass):
    """Manages all connections of milvus; used as a singleton in this module."""

    def __init__(self):
        time.sleep(0.01)  # reads the connection config
        self._kwargs = {"default": {"host": DefaultConfig.DEFAULT_HOST,
                                    "port": DefaultConfig.DEFAULT_PORT}}
        self._conns = {}

    def add_connection(self, alias, host):
        self._kwargs[alias] = {"host": host, "port": DefaultConfig.DEFAULT_PORT}


def worker(seen):
    conns = Connections()
    conns.add_connection("w%d" % len(seen), "10.0.0.%d" % len(seen))
    seen.append(id(conns))


if __name__ == "__main__":
    seen = []
    threads = [threading.Thread(target=worker, args=(seen,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("instances:", len(set(seen)))
