import asyncio
import logging
import time

logger = logging.getLogger(__name__)


class RatesStatus:
    def __init__(self, url):
        self.url = url
        self.current = {}

    async def fetch(self):
        await asyncio.sleep(0.01)  # stands in for aiohttp GET of dynamicconfig.ini
        return {"TamingSpeedMultiplier": 1.0, "HarvestAmountMultiplier": 1.0}


class RatesCog:
    """Reduced from poglink/cogs/rates.py: watches the ARK rates and posts changes."""

    def __init__(self, bot, url, polling_delay=5):
        self.bot = bot
        self.status = RatesStatus(url)
        self.polling_delay = polling_delay

    async def post_update(self, new_rates):
        await self.bot.send_message("rates changed: %s" % new_rates)

    async def watch_rates(self):
        while not self.bot.closed:
            new_rates = await self.status.fetch()
            if new_rates != self.status.current:
                self.status.current = new_rates
                await self.post_update(new_rates)
            logger.debug("sleeping %s s before next poll", self.polling_delay)
            time.sleep(self.polling_delay)


class Bot:
    def __init__(self):
        self.closed = False

    async def send_message(self, text):
        print(text)

    async def heartbeat(self):
        while not self.closed:
            print("heartbeat")
            await asyncio.sleep(1)


async def main():
    bot = Bot()
    cog = RatesCog(bot, "http://arkdedicated.com/dynamicconfig.ini", polling_delay=2)
    watcher = asyncio.create_task(cog.watch_rates())
    heart = asyncio.create_task(bot.heartbeat())
    await asyncio.sleep(5)
    bot.closed = True
    await asyncio.gather(watcher, heart)


if __name__ == "__main__":
    asyncio.run(main())
