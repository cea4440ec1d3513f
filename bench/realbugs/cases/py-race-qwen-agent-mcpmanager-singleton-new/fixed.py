import asyncio
import threading


class MCPManager:
    """Process-wide manager for MCP server clients (reduced from qwen_agent/tools/mcp_manager.py)."""

    _instance = None
    _instance_lock = threading.Lock()

    def __new__(cls, *args, **kwargs):
        if cls._instance is None:
            with cls._instance_lock:
                if cls._instance is None:
                    instance = super(MCPManager, cls).__new__(cls, *args, **kwargs)
                    instance.clients = {}
                    instance.loop = asyncio.new_event_loop()
                    instance.processes = []
                    cls._instance = instance
        return cls._instance

    def __init__(self):
        pass

    def register(self, name, client):
        with self._instance_lock:
            self.clients[name] = client
        return self


created = []
created_lock = threading.Lock()


def agent_worker(idx):
    manager = MCPManager()
    manager.register(f'server-{idx}', object())
    with created_lock:
        created.append(id(manager))


def main():
    threads = [threading.Thread(target=agent_worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print('distinct managers:', len(set(created)))


if __name__ == '__main__':
    main()
