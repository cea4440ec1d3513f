# coredis/pool/nodemanager.py + coredis/pool/cluster.py (reduced)
import asyncio
import random


class RedisClusterException(Exception):
    pass


class ManagedNode:
    def __init__(self, host, port, server_type=None):
        self.host, self.port, self.server_type = host, port, server_type

    @property
    def name(self):
        return f"{self.host}:{self.port}"


class _Link:
    def __init__(self, host, port):
        self.host, self.port = host, port

    async def __aenter__(self):
        await asyncio.sleep(0.01)  # TCP connect
        return self

    async def __aexit__(self, *exc):
        return False

    async def cluster_slots(self):
        await asyncio.sleep(0.01)  # CLUSTER SLOTS round-trip
        return {(0, 16383): [{"host": self.host, "port": self.port}]}


class NodeManager:
    def __init__(self, startup_nodes):
        self.nodes = {}
        self.slots = {}
        self.startup_nodes = [ManagedNode(n["host"], n["port"]) for n in startup_nodes]
        self.startup_nodes_reachable = False

    def get_redis_link(self, host, port):
        return _Link(host, port)

    async def initialize(self):
        """Initializes the slots cache by asking all startup nodes what the
        current cluster configuration is."""
        nodes_cache = {}
        tmp_slots = {}
        self.startup_nodes_reachable = False

        for node in self.startup_nodes:
            async with self.get_redis_link(host=node.host, port=node.port) as r:
                cluster_slots = await r.cluster_slots()
                self.startup_nodes_reachable = True
            for (min_slot, max_slot), _nodes in cluster_slots.items():
                primary = ManagedNode(_nodes[0]["host"], _nodes[0]["port"], "primary")
                nodes_cache[primary.name] = primary
                for i in range(min_slot, max_slot + 1):
                    tmp_slots[i] = [primary]
            break

        if not self.startup_nodes_reachable:
            raise RedisClusterException(
                "Redis Cluster cannot be connected. Please provide at least one reachable node."
            )
        self.slots = tmp_slots
        self.nodes = nodes_cache


class ClusterConnectionPool:
    def __init__(self, startup_nodes):
        self.nodes = NodeManager(startup_nodes)
        self.initialized = False
        self._init_lock = asyncio.Lock()

    async def initialize(self):
        if not self.initialized:
            async with self._init_lock:
                if not self.initialized:
                    await self.nodes.initialize()
                    self.initialized = True

    async def get_connection_by_key(self, key):
        await self.initialize()
        return random.choice(list(self.nodes.nodes.values()))


class RedisCluster:
    def __init__(self, startup_nodes):
        self.connection_pool = ClusterConnectionPool(startup_nodes)

    async def get(self, key):
        node = await self.connection_pool.get_connection_by_key(key)
        return (node.name, key)


async def main():
    client = RedisCluster([{"host": "127.0.0.1", "port": 7000}])
    # two coroutines use the cluster right after process start
    await asyncio.gather(client.get("a"), client.get("b"))
