"""pykeybasebot: reduction of pykeybasebot/bot.py (_with_reconnect_to_keybase).

The reconnect decorator wraps Bot.start(); when the keybase service goes
away it backs off before retrying.
"""
import asyncio
import logging
import time
from functools import wraps

RETRY_ATTEMPTS = 100
SLEEP_SECS_BETWEEEN_RETRIES = 1


class KeybaseNotConnectedError(Exception):
    pass


# --- stand-in for pykeybasebot/cli.py -------------------------------------
class _FakeService:
    def __init__(self, failures):
        self.failures = failures


async def kblisten(keybase_cli, options, loop=None, service=None):
    await asyncio.sleep(0.01)
    if service.failures > 0:
        service.failures -= 1
        raise KeybaseNotConnectedError("the keybase service is probably not running")
    for i in range(3):
        yield {"msg": i}


def _with_reconnect_to_keybase(keybase_bot_start_function):
    # This decorator manages catching disconnect errors from the keybase service
    # and attempting to reconnect to it periodically. If the very first attempt
    # to connect fails, that error will be allowed to bubble up.
    @wraps(keybase_bot_start_function)
    async def wrapped_f(self, *args, **kwargs):
        attempts = RETRY_ATTEMPTS
        while True:
            try:
                return await keybase_bot_start_function(self, *args, **kwargs)
            except KeybaseNotConnectedError:
                if self._initialized:
                    # this is the first caught error after it was previously working
                    attempts = 0
                    self._initialized = False
                    logging.info(f"RECONNECT: the keybase service has died or disappeared. attempting to reconnect {RETRY_ATTEMPTS} times...")
                attempts += 1
                if attempts > RETRY_ATTEMPTS:
                    # Retries exhausted or the bot hasn't initialized on its first attempt.
                    # Either way, reraise the caught exception.
                    raise
                logging.info(f"RECONNECT: sleeping {SLEEP_SECS_BETWEEEN_RETRIES} seconds...")
                time.sleep(SLEEP_SECS_BETWEEEN_RETRIES)
    return wrapped_f


class _botlifecycle:
    # This context manager ensures that the bot is initialized and torn down
    # around calls to listening for events.
    def __init__(self, bot, listen_options):
        self.bot = bot
        self.listen_options = listen_options

    async def __aenter__(self):
        await self.bot.ensure_initialized()
        return kblisten(self.bot.keybase_cli, self.listen_options, loop=self.bot.loop, service=self.bot.service)

    async def __aexit__(self, *args):
        await self.bot.teardown()


class Bot:
    def __init__(self, username, handler, paperkey=None, loop=None, keybase=None, service=None):
        self.username = username
        self.paperkey = paperkey
        self.handler = handler
        self.keybase = keybase or 'keybase'
        self.loop = loop
        self.service = service
        self._initialized = False

    @_with_reconnect_to_keybase
    async def start(self, listen_options):
        # This is the main, expected entry point.
        async with _botlifecycle(self, listen_options) as events:
            async for event in events:
                asyncio.ensure_future(self.handler(self, event))

    @property
    def keybase_cli(self):
        return self.keybase

    async def ensure_initialized(self):
        self._initialized = True

    async def teardown(self):
        pass


async def main():
    gaps = []

    async def heartbeat():
        last = time.monotonic()
        for _ in range(20):
            await asyncio.sleep(0.05)
            now = time.monotonic()
            gaps.append(now - last)
            last = now

    async def handler(bot, event):
        pass

    bot = Bot("bot", handler, service=_FakeService(failures=1))
    await asyncio.gather(heartbeat(), bot.start({}))
    print("longest heartbeat gap: %.2fs" % max(gaps))


if __name__ == "__main__":
    asyncio.run(main())
