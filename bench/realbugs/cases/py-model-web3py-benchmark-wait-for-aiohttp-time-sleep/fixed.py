"""Reduced from web3.py tools/benchmark/utils.py and main.py."""
import asyncio
import time

import aiohttp


async def wait_for_aiohttp(endpoint_uri: str, timeout: int = 60) -> None:
    start = time.time()
    while time.time() < start + timeout:
        try:
            async with aiohttp.ClientSession() as session:
                await session.get(endpoint_uri)
        except aiohttp.client_exceptions.ClientConnectorError:
            await asyncio.sleep(0.01)
        else:
            break


async def build_async_w3_http(endpoint_uri: str):
    await wait_for_aiohttp(endpoint_uri)
    return endpoint_uri


async def main():
    uri = "http://127.0.0.1:8545"
    # the geth fixture starts in the background while the loop keeps polling
    ready = asyncio.ensure_future(build_async_w3_http(uri))
    heartbeat = asyncio.ensure_future(asyncio.sleep(0.5))
    await asyncio.gather(ready, heartbeat)


if __name__ == "__main__":
    asyncio.run(main())
