"""llama_index.core.utils: the async retry helper backs off with time.sleep() on the event loop."""
import asyncio
import time
from dataclasses import dataclass
from functools import wraps
from typing import Any, Callable, List, Optional, Type


@dataclass
class ErrorToRetry:
    exception_cls: Type[Exception]
    check_fn: Optional[Callable[[Any], bool]] = None


def retry_on_exceptions_with_backoff(
    lambda_fn: Callable, errors_to_retry: List[ErrorToRetry], max_tries: int = 10,
    min_backoff_secs: float = 0.5, max_backoff_secs: float = 60.0,
) -> Any:
    error_checks = {e.exception_cls: e.check_fn for e in errors_to_retry}
    exception_class_tuples = tuple(error_checks.keys())
    backoff_secs = min_backoff_secs
    tries = 0
    while True:
        try:
            return lambda_fn()
        except exception_class_tuples as e:
            tries += 1
            if tries >= max_tries:
                raise
            check_fn = error_checks.get(e.__class__)
            if check_fn and not check_fn(e):
                raise
            time.sleep(backoff_secs)
            backoff_secs = min(backoff_secs * 2, max_backoff_secs)


async def aretry_on_exceptions_with_backoff(
    async_fn: Callable, errors_to_retry: List[ErrorToRetry], max_tries: int = 10,
    min_backoff_secs: float = 0.5, max_backoff_secs: float = 60.0,
) -> Any:
    if not errors_to_retry:
        raise ValueError("At least one error to retry needs to be provided")
    error_checks = {e.exception_cls: e.check_fn for e in errors_to_retry}
    exception_class_tuples = tuple(error_checks.keys())
    backoff_secs = min_backoff_secs
    tries = 0
    while True:
        try:
            return await async_fn()
        except exception_class_tuples as e:
            tries += 1
            if tries >= max_tries:
                raise
            check_fn = error_checks.get(e.__class__)
            if check_fn and not check_fn(e):
                raise
            time.sleep(backoff_secs)
            backoff_secs = min(backoff_secs * 2, max_backoff_secs)


def get_retry_on_exceptions_with_backoff_decorator(*retry_args: Any, **retry_kwargs: Any) -> Callable:
    """Return a decorator that retries with exponential backoff on provided exceptions."""

    def decorator(func: Callable) -> Callable:
        @wraps(func)
        def wrapper(*func_args: Any, **func_kwargs: Any) -> Any:
            return retry_on_exceptions_with_backoff(
                lambda: func(*func_args, **func_kwargs), *retry_args, **retry_kwargs
            )

        @wraps(func)
        async def awrapper(*func_args: Any, **func_kwargs: Any) -> Any:
            async def foo() -> Any:
                return await func(*func_args, **func_kwargs)

            return await aretry_on_exceptions_with_backoff(foo, *retry_args, **retry_kwargs)

        return awrapper if asyncio.iscoroutinefunction(func) else wrapper

    return decorator


class RateLimitError(Exception): ...


class FlakyEmbedding:
    def __init__(self):
        self.calls = 0

    @get_retry_on_exceptions_with_backoff_decorator([ErrorToRetry(RateLimitError)], min_backoff_secs=0.2)
    async def _aget_text_embedding(self, text: str) -> List[float]:
        await asyncio.sleep(0.02)  # HTTP round trip
        self.calls += 1
        if self.calls < 3:
            raise RateLimitError("429 Too Many Requests")
        return [float(len(text))]


async def main():
    longest_stall = 0.0

    async def heartbeat():
        nonlocal longest_stall
        last = time.monotonic()
        for _ in range(60):
            await asyncio.sleep(0.01)
            now = time.monotonic()
            longest_stall = max(longest_stall, now - last)
            last = now

    hb = asyncio.create_task(heartbeat())
    await FlakyEmbedding()._aget_text_embedding("hello")
    await hb
    print("longest event-loop stall: %.2fs" % longest_stall)


if __name__ == "__main__":
    asyncio.run(main())
