import asyncio
import time

import httpx


class BrowserTools:
    def __init__(self, page, server_url="http://127.0.0.1:8931"):
        self.page = page
        self.server_url = server_url

    async def _wait_for_server_ready(self, timeout=30):
        deadline = time.monotonic() + timeout
        async with httpx.AsyncClient(timeout=2) as client:
            while time.monotonic() < deadline:
                try:
                    resp = await client.get(self.server_url + "/health")
                    if resp.status_code == 200:
                        return True
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.5)
        return False

    async def type_text_action(self, selector, text, delay=0.05):
        await self._wait_for_server_ready()
        await self.page.click(selector)
        for ch in text:
            await self.page.keyboard.type(ch)
            await asyncio.sleep(delay)
        return {"status": "ok", "typed": len(text)}


class FakeKeyboard:
    async def type(self, ch):
        await asyncio.sleep(0)


class FakePage:
    keyboard = FakeKeyboard()

    async def click(self, selector):
        await asyncio.sleep(0)


async def main():
    tools = BrowserTools(FakePage())
    tools._wait_for_server_ready = lambda timeout=30: asyncio.sleep(0, True)
    heartbeat = asyncio.create_task(asyncio.sleep(0.1))
    print(await tools.type_text_action("#q", "hello agent"))
    await heartbeat


if __name__ == "__main__":
    asyncio.run(main())
