"""Reduced from agno-agi/agno libs/agno/agno/vectordb/couchbase/couchbase.py: CouchbaseSearch async setup."""
import asyncio
import logging
import time

log = logging.getLogger("agno")


class AsyncCollectionManager:
    """Stand-in for acouchbase's collection manager (every call is a network round-trip)."""

    def __init__(self):
        self._scopes = {"_default": {"_default"}}

    async def get_all_scopes(self):
        await asyncio.sleep(0.01)
        return dict(self._scopes)

    async def create_scope(self, scope_name):
        await asyncio.sleep(0.01)
        self._scopes.setdefault(scope_name, set())

    async def drop_collection(self, scope_name, collection_name):
        await asyncio.sleep(0.01)
        self._scopes.get(scope_name, set()).discard(collection_name)

    async def create_collection(self, scope_name, collection_name):
        await asyncio.sleep(0.01)
        self._scopes.setdefault(scope_name, set()).add(collection_name)


class CouchbaseSearch:
    def __init__(self, bucket_name, scope_name, collection_name, search_index, overwrite=False):
        self.bucket_name = bucket_name
        self.scope_name = scope_name
        self.collection_name = collection_name
        self.search_index_name = search_index
        self.overwrite = overwrite
        self._collection_manager = AsyncCollectionManager()
        self._index_ready = False

    async def _async_create_collection_and_scope(self):
        collection_manager = self._collection_manager
        scopes = await collection_manager.get_all_scopes()
        if self.scope_name not in scopes:
            log.info("Creating scope '%s'", self.scope_name)
            await collection_manager.create_scope(self.scope_name)
            scopes = await collection_manager.get_all_scopes()

        if self.collection_name in scopes.get(self.scope_name, set()):
            if self.overwrite:
                log.info("Dropping collection '%s' for overwrite", self.collection_name)
                await collection_manager.drop_collection(self.scope_name, self.collection_name)
                # Wait for the drop to propagate before recreating
                time.sleep(1)
            else:
                return

        log.info("Creating collection '%s'", self.collection_name)
        await collection_manager.create_collection(self.scope_name, self.collection_name)

    async def _async_wait_for_index_ready(self, timeout=5):
        start = time.monotonic()
        while not self._index_ready:
            if time.monotonic() - start > timeout:
                raise TimeoutError(self.search_index_name)
            await asyncio.sleep(1)
            self._index_ready = True

    async def async_create(self):
        await self._async_create_collection_and_scope()
        await self._async_wait_for_index_ready()


async def stream_tokens(n):
    for i in range(n):
        await asyncio.sleep(0.05)
    return n


async def main():
    store = CouchbaseSearch("agno", "knowledge", "documents", "vector_search", overwrite=True)
    await store.async_create()
    start = time.monotonic()
    await asyncio.gather(store.async_create(), stream_tokens(20))
    print("elapsed %.2fs" % (time.monotonic() - start))


if __name__ == "__main__":
    asyncio.run(main())
