"""Reduction of open-aea's packages/valory/connections/ledger/ledger_dispatcher.py
(LedgerApiRequestDispatcher.get_transaction_receipt) before the fix for #509."""
import asyncio
import logging
import time
from concurrent.futures import ThreadPoolExecutor

MAX_RETRY_DELAY = 0.2


class ConnectionStates(object):
    connected = "connected"
    disconnected = "disconnected"


class AsyncState(object):
    def __init__(self, value):
        self._value = value

    def get(self):
        return self._value


class FakeLedgerApi(object):
    """Stands in for an EthereumApi: the receipt shows up after a few polls."""

    def __init__(self):
        self.polls = 0

    def get_transaction_receipt(self, tx_digest, raise_on_try=False):
        self.polls += 1
        return None if self.polls < 3 else {"status": 1, "tx": tx_digest}

    def get_transaction(self, tx_digest, raise_on_try=False):
        return {"hash": tx_digest}


class RequestDispatcher(object):
    def __init__(self, connection_state, loop=None, executor=None):
        self.connection_state = connection_state
        self.loop = loop or asyncio.get_event_loop()
        self.executor = executor or ThreadPoolExecutor(max_workers=2)
        self.logger = logging.getLogger(__name__)

    async def wait_for(self, func, timeout=None):
        """Run a blocking ledger call in the executor, with a timeout."""
        return await asyncio.wait_for(
            self.loop.run_in_executor(self.executor, func), timeout=timeout)

    async def run_async(self, func, api, message):
        return await func(api, message)


class LedgerApiRequestDispatcher(RequestDispatcher):
    retry_attempts = 5
    retry_timeout = 0.1

    async def get_transaction_receipt(self, api, message):
        """NOTE: Under no circumstance can async methods block!"""
        retry_attempts = message.get("retry_attempts") or self.retry_attempts
        retry_timeout = message.get("retry_timeout") or self.retry_timeout

        transaction_receipt = None
        attempts = 0
        while (
            transaction_receipt is None
            and attempts < retry_attempts
            and self.connection_state.get() == ConnectionStates.connected
        ):
            try:
                transaction_receipt = await self.wait_for(
                    lambda: api.get_transaction_receipt(message["digest"], raise_on_try=True),
                    timeout=retry_timeout,
                )
            except Exception as e:  # pylint: disable=broad-except
                self.logger.warning("%s: %s", type(e).__name__, e)
                transaction_receipt = None
            attempts += 1
            await asyncio.sleep(min(retry_timeout * attempts, MAX_RETRY_DELAY))

        attempts = 0
        transaction = None
        while (
            transaction is None
            and attempts < retry_attempts
            and self.connection_state.get() == ConnectionStates.connected
        ):
            try:
                transaction = await self.wait_for(
                    lambda: api.get_transaction(message["digest"], raise_on_try=True),
                    timeout=retry_timeout,
                )
            except Exception as e:  # pylint: disable=broad-except
                self.logger.warning("%s: %s", type(e).__name__, e)
                transaction = None
            attempts += 1
            await asyncio.sleep(min(retry_timeout * attempts, MAX_RETRY_DELAY))
        return transaction_receipt, transaction


async def main():
    dispatcher = LedgerApiRequestDispatcher(
        AsyncState(ConnectionStates.connected), loop=asyncio.get_running_loop())
    ticks = []

    async def heartbeat():
        for _ in range(10):
            ticks.append(time.monotonic())
            await asyncio.sleep(0.05)

    hb = asyncio.ensure_future(heartbeat())
    result = await dispatcher.run_async(
        dispatcher.get_transaction_receipt, FakeLedgerApi(), {"digest": "0xabc"})
    await hb
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    print(result, "max heartbeat gap %.2fs" % max(gaps))


if __name__ == "__main__":
    asyncio.run(main())
