"""release-script: reduction of the doof Slack bot (bot.py / github.py).

doof runs on an asyncio loop and answers Slack commands; the release
status command fetches pull request data from GitHub.
"""
import asyncio

import requests

GITHUB_API = "https://api.github.com"


def github_get(path, token):
    """Synchronous helper used by the bot"""
    resp = requests.get(
        "{}{}".format(GITHUB_API, path),
        headers={"Authorization": "Bearer {}".format(token)},
        timeout=30,
    )
    resp.raise_for_status()
    return resp.json()


class Bot:
    def __init__(self, token):
        self.token = token

    async def say(self, channel, text):
        print("[{}] {}".format(channel, text))

    async def get_unchecked_prs(self, repo):
        pulls = github_get("/repos/{}/pulls".format(repo), self.token)
        return [p["number"] for p in pulls if not p.get("draft")]

    async def release_status(self, channel, repo):
        unchecked = await self.get_unchecked_prs(repo)
        await self.say(channel, "{} unchecked PRs in {}".format(len(unchecked), repo))

    async def heartbeat(self):
        while True:
            await asyncio.sleep(1)
            print("still answering Slack")


async def main():
    bot = Bot(token="xxx")
    hb = asyncio.ensure_future(bot.heartbeat())
    await asyncio.gather(
        bot.release_status("#release", "mitodl/micromasters"),
        bot.release_status("#release", "mitodl/bootcamp-ecommerce"),
        return_exceptions=True,
    )
    hb.cancel()


if __name__ == "__main__":
    asyncio.run(main())
