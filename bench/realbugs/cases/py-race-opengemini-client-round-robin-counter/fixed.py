"""Reduced from openGemini/opengemini-client-python PR #58 (round-robin server counter)."""
import itertools
import threading
from dataclasses import dataclass
from typing import List


@dataclass
class Address:
    host: str
    port: int


class Config:
    def __init__(self, addresses: List[Address]):
        self.address = addresses


class OpenGeminiDBClient:
    def __init__(self, config: Config):
        self.config = config
        self.session_pool = {}
        self.prefix_list = [f"http://{a.host}:{a.port}" for a in config.address]
        self.prefix_cycle = itertools.cycle(self.prefix_list)
        self.lock = threading.Lock()

    def get_server_url(self) -> str:
        # round-robin over the configured servers; the cycle iterator is
        # advanced under a lock so concurrent request threads never share a slot
        with self.lock:
            return next(self.prefix_cycle)

    def ping(self, thread_no: int) -> str:
        url = self.get_server_url()
        return f"{thread_no} -> {url}/ping"


def worker(client: OpenGeminiDBClient, n: int, out: list):
    for _ in range(n):
        out.append(client.ping(threading.get_ident()))


def main():
    client = OpenGeminiDBClient(Config([Address("127.0.0.1", 8086), Address("127.0.0.2", 8086)]))
    results = []
    threads = [threading.Thread(target=worker, args=(client, 1000, results)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(len(results))


if __name__ == "__main__":
    main()
