import asyncio

import aiohttp
import requests

API_URL = "https://api.github.com/repos/{repo}/releases/latest"


class Context:
    async def send(self, msg):
        print(msg)


class Commands:
    """Red-DiscordBot style cog: every command is a coroutine on the bot's loop."""

    def __init__(self, bot=None):
        self.bot = bot
        self.session = None

    async def latest_release(self, ctx, repo: str):
        """Show the latest release of a GitHub repository."""
        url = API_URL.format(repo=repo)
        r = requests.get(url, timeout=10)
        if r.status_code != 200:
            return await ctx.send("Could not find that repository.")
        data = r.json()
        await ctx.send("{} {}".format(data.get("tag_name"), data.get("html_url")))

    async def cog_unload(self):
        if self.session is not None:
            await self.session.close()


async def main():
    cog = Commands()
    ctx = Context()
    await asyncio.gather(
        cog.latest_release(ctx, "Cog-Creators/Red-DiscordBot"),
        cog.latest_release(ctx, "Rapptz/discord.py"),
    )
    await cog.cog_unload()


if __name__ == "__main__":
    asyncio.run(main())
