"""Reduction of openai/bugbounty-gpt's bugbounty_gpt/handlers (after bugbounty-gpt#4)."""
import asyncio
import logging
import random
import time

logger = logging.getLogger(__name__)

MAX_RETRIES = 3
RETRY_DELAY = 0.2


class RateLimitError(Exception):
    pass


async def fake_chat_completion(content):
    await asyncio.sleep(0.01)
    if random.random() < 0.5:
        raise RateLimitError("429")
    return {"choices": [{"message": {"content": "Category: " + content[:10]}}]}


class OpenAIHandler:
    @staticmethod
    async def classify_submission(content):
        for attempt in range(MAX_RETRIES):
            try:
                response = await fake_chat_completion(content)
                return response["choices"][0]["message"]["content"]
            except RateLimitError:
                logger.info("rate limited, retrying (attempt %d)", attempt + 1)
                await asyncio.sleep(RETRY_DELAY)
        return "Category: unknown"


class BugCrowdAPI:
    @staticmethod
    async def fetch_submissions(page):
        for attempt in range(MAX_RETRIES):
            await asyncio.sleep(0.01)
            if random.random() < 0.7:
                return [{"id": "%d-%d" % (page, i), "body": "report %d" % i} for i in range(5)]
            await asyncio.sleep(RETRY_DELAY)
        return []


async def process_page(page):
    submissions = await BugCrowdAPI.fetch_submissions(page)
    return await asyncio.gather(*(OpenAIHandler.classify_submission(s["body"]) for s in submissions))


async def main():
    start = time.monotonic()
    results = await asyncio.gather(*(process_page(p) for p in range(4)))
    print(sum(len(r) for r in results), "classified in %.2fs" % (time.monotonic() - start))


if __name__ == "__main__":
    random.seed(1)
    asyncio.run(main())
