# db/connection.py
"""hushh consent-protocol: get_pool() lazily creates the asyncpg pool with no lock around the await."""
import asyncio
import hashlib
import logging
import os
from typing import Optional
from urllib.parse import quote_plus

import asyncpg

logger = logging.getLogger(__name__)

# Database connection pool (singleton) and its init lock
_pool: Optional[asyncpg.Pool] = None
_pool_lock = asyncio.Lock()


def get_database_url() -> str:
    """Build database URL from DB_* environment variables (single source of truth)."""
    db_user = os.getenv("DB_USER", "app")
    db_password = os.getenv("DB_PASSWORD", "secret")
    db_host = os.getenv("DB_HOST", "127.0.0.1")
    db_port = os.getenv("DB_PORT", "5432")
    db_name = os.getenv("DB_NAME", "postgres")
    return f"postgresql://{quote_plus(db_user)}:{quote_plus(db_password)}@{db_host}:{db_port}/{db_name}"


def get_database_ssl():
    if str(os.getenv("DB_SSLMODE", "")).strip().lower() == "require":
        return "require"
    return None


def _get_database_url() -> str:
    """Internal alias for get_database_url (used by get_pool)."""
    return get_database_url()


async def get_pool() -> asyncpg.Pool:
    """Get or create the connection pool."""
    global _pool

    if _pool is not None:
        return _pool

    async with _pool_lock:
        # Re-check inside the lock: another coroutine may have created the pool.
        if _pool is not None:
            return _pool
        database_url = _get_database_url()
        ssl_config = get_database_ssl()
        logger.info("Connecting to PostgreSQL...")
        _pool = await asyncpg.create_pool(
            database_url,
            min_size=2,
            max_size=10,
            timeout=10.0,
            command_timeout=60,
            ssl=ssl_config,
        )
        logger.info("PostgreSQL pool created")
    return _pool


async def close_pool():
    """Close the connection pool."""
    global _pool
    if _pool:
        await _pool.close()
        _pool = None
        logger.info("PostgreSQL connection pool closed")


def hash_token(token: str) -> str:
    """SHA-256 hash of consent token for storage."""
    return hashlib.sha256(token.encode()).hexdigest()


# db/consent.py
async def is_token_revoked(token: str) -> bool:
    pool = await get_pool()
    row = await pool.fetchrow(
        "SELECT 1 FROM revoked_tokens WHERE token_hash = $1", hash_token(token)
    )
    return row is not None


async def cold_start_burst(tokens: list[str]) -> list[bool]:
    """Requests arriving before the pool exists (e.g. right after a Cloud Run cold start)."""
    return await asyncio.gather(*(is_token_revoked(t) for t in tokens))


if __name__ == "__main__":
    print(asyncio.run(cold_start_burst(["a", "b", "c"])))
