"""watchflow src/rules/conditions/llm_assisted.py: an LLM-judged rule condition evaluated
for every incoming GitHub webhook on the shared asyncio event loop."""
import asyncio
import logging
import random

logger = logging.getLogger(__name__)


class RateLimitError(Exception):
    pass


class FakeLLM:
    def __init__(self, failures=2):
        self.failures = failures

    async def ainvoke(self, prompt):
        await asyncio.sleep(0.01)
        if self.failures > 0:
            self.failures -= 1
            raise RateLimitError("429 Too Many Requests")
        return "PASS: description explains the change"


class LLMAssistedCondition:
    name = "llm_assisted"
    max_retries = 3
    base_delay = 0.05

    def __init__(self, llm, instructions):
        self.llm = llm
        self.instructions = instructions

    def _build_prompt(self, event):
        return "%s\n\nPR title: %s\nPR body: %s" % (
            self.instructions, event.get("title", ""), event.get("body", ""))

    async def evaluate(self, event):
        prompt = self._build_prompt(event)
        for attempt in range(self.max_retries + 1):
            try:
                answer = await self.llm.ainvoke(prompt)
                return answer.startswith("PASS")
            except RateLimitError:
                if attempt == self.max_retries:
                    raise
                wait_time = self.base_delay * (2 ** attempt) + random.uniform(0, 0.01)
                logger.warning("LLM rate limited, retrying in %.2fs", wait_time)
                await asyncio.sleep(wait_time)
        return False


async def handle_webhooks(condition, events):
    return await asyncio.gather(*(condition.evaluate(e) for e in events))


if __name__ == "__main__":
    cond = LLMAssistedCondition(FakeLLM(), "Does the PR description explain the change?")
    events = [{"title": "Fix #%d" % i, "body": "details"} for i in range(3)]
    print(asyncio.run(handle_webhooks(cond, events)))
