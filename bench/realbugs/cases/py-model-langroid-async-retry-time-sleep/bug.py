import asyncio
import logging
import random
import time
from typing import Any, Callable, Dict, List

import aiohttp
import openai

logger = logging.getLogger(__name__)


def friendly_error(e: Exception, msg: str = "An error occurred.") -> str:
    return f"{msg}: {type(e).__name__}: {e}"


def retry_with_exponential_backoff(
    func: Callable[..., Any],
    initial_delay: float = 1,
    exponential_base: float = 1.3,
    jitter: bool = True,
    max_retries: int = 5,
    errors: tuple = (openai.APITimeoutError, openai.RateLimitError, openai.APIError),
) -> Callable[..., Any]:
    """Retry a function with exponential backoff."""

    def wrapper(*args: List[Any], **kwargs: Dict[Any, Any]) -> Any:
        num_retries = 0
        delay = initial_delay
        while True:
            try:
                return func(*args, **kwargs)
            except openai.BadRequestError as e:
                logger.error(friendly_error(e))
                raise e
            except errors as e:
                num_retries += 1
                if num_retries > max_retries:
                    raise Exception(f"Maximum number of retries ({max_retries}) exceeded.")
                delay *= exponential_base * (1 + jitter * random.random())
                logger.warning(f"OpenAI API request failed with error: {e}. Retrying in {delay} seconds...")
                time.sleep(delay)

    return wrapper


def async_retry_with_exponential_backoff(
    func: Callable[..., Any],
    initial_delay: float = 1,
    exponential_base: float = 1.3,
    jitter: bool = True,
    max_retries: int = 5,
    errors: tuple = (  # type: ignore
        openai.APITimeoutError,
        openai.RateLimitError,
        openai.APIError,
        aiohttp.ServerTimeoutError,
        asyncio.TimeoutError,
    ),
) -> Callable[..., Any]:
    """Retry a function with exponential backoff."""

    async def wrapper(*args: List[Any], **kwargs: Dict[Any, Any]) -> Any:
        num_retries = 0
        delay = initial_delay
        while True:
            try:
                result = await func(*args, **kwargs)
                return result
            except openai.BadRequestError as e:
                # do not retry when the request itself is invalid
                logger.error(friendly_error(e))
                raise e
            except errors as e:
                num_retries += 1
                if num_retries > max_retries:
                    raise Exception(f"Maximum number of retries ({max_retries}) exceeded.")
                delay *= exponential_base * (1 + jitter * random.random())
                logger.warning(f"OpenAI API request failed with error: {e}. Retrying in {delay} seconds...")
                # Sleep for the delay
                time.sleep(delay)
            except Exception as e:
                raise e

    return wrapper


class OpenAIGPT:
    def __init__(self, model: str = "gpt-4o") -> None:
        self.model = model
        self.async_client = openai.AsyncOpenAI()

    async def _achat_completions_with_backoff(self, **kwargs: Any) -> Any:
        @async_retry_with_exponential_backoff
        async def completions_with_backoff(**kwargs: Any) -> Any:
            return await self.async_client.chat.completions.create(**kwargs)

        return await completions_with_backoff(**kwargs)

    async def achat(self, prompt: str) -> str:
        response = await self._achat_completions_with_backoff(
            model=self.model, messages=[{"role": "user", "content": prompt}]
        )
        return response.choices[0].message.content


async def run_batch_tasks(llm: OpenAIGPT, prompts: List[str]) -> List[str]:
    # on a 429 every backoff freezes the whole loop: no other agent makes progress
    return await asyncio.gather(*(llm.achat(p) for p in prompts))


if __name__ == "__main__":
    print(asyncio.run(run_batch_tasks(OpenAIGPT(), ["hi", "there"])))
