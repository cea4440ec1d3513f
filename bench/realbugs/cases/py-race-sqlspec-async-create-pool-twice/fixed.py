import asyncio
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Generic, TypeVar

from asyncpg import create_pool as asyncpg_create_pool

PoolT = TypeVar("PoolT")
ConnectionT = TypeVar("ConnectionT")


class ObservabilityRuntime:
    def __init__(self) -> None:
        self.pools_created = 0

    def emit_pool_create(self, pool: Any) -> None:
        self.pools_created += 1

    def emit_pool_destroy(self, pool: Any) -> None:
        self.pools_created -= 1


class AsyncDatabaseConfig(Generic[ConnectionT, PoolT]):
    """Generic Async Database Configuration."""

    def __init__(self, *, connection_config: "dict[str, Any] | None" = None, connection_instance: Any = None) -> None:
        self.connection_config = connection_config or {}
        self.connection_instance = connection_instance
        self._observability = ObservabilityRuntime()
        self._pool_lock = asyncio.Lock()

    def get_observability_runtime(self) -> ObservabilityRuntime:
        return self._observability

    async def _create_pool(self) -> PoolT:
        raise NotImplementedError

    async def _close_pool(self) -> None:
        raise NotImplementedError

    async def create_pool(self) -> PoolT:
        """Create and return the connection pool."""
        if self.connection_instance is not None:
            return self.connection_instance
        async with self._pool_lock:
            if self.connection_instance is not None:
                return self.connection_instance
            self.connection_instance = await self._create_pool()
            self.get_observability_runtime().emit_pool_create(self.connection_instance)
            return self.connection_instance

    async def close_pool(self) -> None:
        pool = self.connection_instance
        await self._close_pool()
        if pool is not None:
            self.get_observability_runtime().emit_pool_destroy(pool)
        self.connection_instance = None

    async def provide_pool(self, *args: Any, **kwargs: Any) -> PoolT:
        """Provide pool instance."""
        if self.connection_instance is None:
            self.connection_instance = await self.create_pool()
        return self.connection_instance


class AsyncpgConfig(AsyncDatabaseConfig[Any, Any]):
    async def _create_pool(self) -> Any:
        """Create the actual async connection pool."""
        config = {k: v for k, v in self.connection_config.items() if v is not None}
        return await asyncpg_create_pool(**config)

    async def _close_pool(self) -> None:
        if self.connection_instance:
            await self.connection_instance.close()

    @asynccontextmanager
    async def provide_connection(self, *args: Any, **kwargs: Any) -> AsyncGenerator[Any, None]:
        """Provide an async connection context manager."""
        pool = await self.create_pool()
        connection = None
        try:
            connection = await pool.acquire()
            yield connection
        finally:
            if connection is not None:
                await pool.release(connection)


async def handle_request(config: AsyncpgConfig, n: int) -> Any:
    async with config.provide_connection() as conn:
        return await conn.fetchval("SELECT $1::int", n)


async def main() -> None:
    config = AsyncpgConfig(connection_config={"dsn": "postgresql://localhost/app", "min_size": 2})
    # cold start: several requests arrive before the pool exists
    print(await asyncio.gather(*(handle_request(config, i) for i in range(5))))
    await config.close_pool()


if __name__ == "__main__":
    asyncio.run(main())
