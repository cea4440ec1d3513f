"""Cogtrix MCPManager: heartbeat coroutine and call_tool() error handler both reconnect a dead server."""
import asyncio
import itertools
import logging
import threading

log = logging.getLogger("cogtrix.mcp")
_ids = itertools.count()
_opened = []


class MCPConnection:
    def __init__(self, cfg):
        self.cfg = cfg
        self.conn_id = next(_ids)
        self.alive = False
        _opened.append(self)

    async def connect(self):
        await asyncio.sleep(0.01)  # open SSE/stdio transport, enter _exit_stack, initialize session
        self.alive = True

    async def close(self):
        self.alive = False  # aclose() the _exit_stack: closes transport + fds


class MCPManager:
    _HEARTBEAT_INTERVAL = 0.001

    def __init__(self, configs):
        self._configs = dict(configs)
        self._connections: dict[str, MCPConnection] = {}
        self._reconnect_locks: dict[str, asyncio.Lock] = {}
        self._loop = asyncio.new_event_loop()
        threading.Thread(target=self._loop.run_forever, daemon=True, name="mcp-event-loop").start()

    def _run(self, coro, timeout=30):
        """Schedule *coro* on the background event loop and block until it finishes."""
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout=timeout)

    async def _reconnect_server_async(self, server_name: str) -> None:
        """Async reconnect — used by the heartbeat coroutine AND the sync error handler."""
        cfg = self._configs.get(server_name)
        if cfg is None:
            raise RuntimeError(f"Unknown server '{server_name}'")
        lock = self._reconnect_locks.setdefault(server_name, asyncio.Lock())
        async with lock:
            old_conn = self._connections.pop(server_name, None)
            if old_conn is not None:
                await old_conn.close()
            new_conn = MCPConnection(cfg)
            await asyncio.wait_for(new_conn.connect(), timeout=30)
            self._connections[server_name] = new_conn
            log.info("MCP: auto-reconnected server '%s'", server_name)

    def _reconnect_server(self, server_name: str) -> None:
        """Sync reconnect — used by the call_tool() error handler."""
        self._run(self._reconnect_server_async(server_name))

    async def _heartbeat_coro(self, rounds: int) -> None:
        for _ in range(rounds):
            await asyncio.sleep(self._HEARTBEAT_INTERVAL)
            for name in list(self._configs):
                conn = self._connections.get(name)
                if conn is None or not conn.alive:
                    await self._reconnect_server_async(name)

    def call_tool(self, server: str, tool_name: str) -> str:
        conn = self._connections.get(server)
        if conn is None or not conn.alive:
            self._reconnect_server(server)
            conn = self._connections.get(server)
        return f"{tool_name} via connection {getattr(conn, 'conn_id', None)}"


if __name__ == "__main__":
    mgr = MCPManager({"files": {"command": "mcp-files"}})
    hb = asyncio.run_coroutine_threadsafe(mgr._heartbeat_coro(3), mgr._loop)
    print(mgr.call_tool("files", "read_file"))
    hb.result()
    current = mgr._connections.get("files")
    leaked = [c.conn_id for c in _opened if c.alive and c is not current]
    print("open connections no longer referenced (leaked transports):", leaked)
