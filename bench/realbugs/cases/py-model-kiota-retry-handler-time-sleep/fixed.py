"""kiota-http RetryHandler middleware (async httpx pipeline)."""
import asyncio
import datetime
import random
from email.utils import parsedate_to_datetime

RETRY_ATTEMPT = "Retry-Attempt"


class RetryHandlerOption:
    DEFAULT_DELAY = 3
    DEFAULT_MAX_RETRIES = 3
    MAX_DELAY = 180

    def __init__(self, delay=DEFAULT_DELAY, max_retries=DEFAULT_MAX_RETRIES, should_retry=True):
        self.max_delay = delay
        self.max_retry = max_retries
        self.should_retry = should_retry


class BaseMiddleware:
    def __init__(self):
        self.next = None

    async def send(self, request, transport):
        if self.next is None:
            return await transport.handle_async_request(request)
        return await self.next.send(request, transport)


class RetryHandler(BaseMiddleware):
    DEFAULT_BACKOFF_FACTOR: float = 0.5
    MAXIMUM_BACKOFF: int = 120
    DEFAULT_RETRY_STATUS_CODES = {429, 503, 504}

    def __init__(self, options: RetryHandlerOption = RetryHandlerOption()) -> None:
        super().__init__()
        self.backoff_factor = self.DEFAULT_BACKOFF_FACTOR
        self.backoff_max = self.MAXIMUM_BACKOFF
        self.options = options
        self.retry_on_status_codes = self.DEFAULT_RETRY_STATUS_CODES

    async def send(self, request, transport):
        """Sends the request to the next middleware or retries it if necessary."""
        response = None
        current_options = self.options
        retry_valid = current_options.should_retry

        while retry_valid:
            response = await super().send(request, transport)
            retry_count = int(request.headers.get(RETRY_ATTEMPT, 0))
            retry_valid = self.check_retry_valid(retry_count, current_options)
            delay = self.get_delay_time(retry_count, response, current_options.max_delay)
            should_retry = response.status_code in self.retry_on_status_codes
            if all([should_retry, retry_valid, delay < RetryHandlerOption.MAX_DELAY]):
                await asyncio.sleep(delay)
                retry_count += 1
                request.headers.update({RETRY_ATTEMPT: f'{retry_count}'})
                continue
            break
        return response

    def check_retry_valid(self, retry_count, options):
        return retry_count < options.max_retry

    def get_delay_time(self, retry_count, response=None, delay=RetryHandlerOption.DEFAULT_DELAY):
        retry_after = response.headers.get("retry-after")
        if retry_after:
            return self._parse_retry_after(retry_after)
        return self._get_delay_time_exp_backoff(retry_count, delay)

    def _get_delay_time_exp_backoff(self, retry_count, delay):
        exp_backoff_value = self.backoff_factor * +(2**(retry_count - 1))
        backoff_value = exp_backoff_value + (random.randint(0, 1000) / 1000) + delay
        return min(self.backoff_max, backoff_value)

    def _parse_retry_after(self, retry_after):
        try:
            delay = int(retry_after)
        except ValueError:
            retry_date = parsedate_to_datetime(retry_after)
            delay = (retry_date - datetime.datetime.now(retry_date.tzinfo)).total_seconds()
        return max(0, delay)


class _Req:
    def __init__(self):
        self.headers = {}


class _Resp:
    def __init__(self, status_code, headers):
        self.status_code = status_code
        self.headers = headers


class _ThrottlingTransport:
    async def handle_async_request(self, request):
        return _Resp(429, {"retry-after": "1"})


async def main():
    handler = RetryHandler(RetryHandlerOption(delay=1, max_retries=2))
    ticker = asyncio.create_task(asyncio.sleep(0.1))
    await asyncio.gather(handler.send(_Req(), _ThrottlingTransport()), ticker)


if __name__ == "__main__":
    asyncio.run(main())
