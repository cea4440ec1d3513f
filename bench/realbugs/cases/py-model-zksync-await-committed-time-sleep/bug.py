"""zksync-python zksync_provider/transaction.py (reduced, 2021)."""
import asyncio
import time
from dataclasses import dataclass
from enum import Enum, auto
from typing import Optional


class TransactionStatus(Enum):
    FAILED = auto()
    COMMITTED = auto()
    VERIFIED = auto()


@dataclass
class TransactionResult:
    status: TransactionStatus
    fail_reason: str
    block: Optional[dict]


class ZkSyncProviderV01:
    """Stand-in for the JSON-RPC provider: tx_info is an async HTTP call."""

    def __init__(self):
        self._polls = 0

    async def get_tx_receipt(self, address: str) -> dict:
        await asyncio.sleep(0)
        self._polls += 1
        return {"block": {"committed": self._polls > 3, "verified": self._polls > 6}}


class Transaction:

    @classmethod
    def build_transaction(cls, provider, transaction_id: str):
        return cls(provider, transaction_id)

    def __init__(self, provider, transaction_hash: str):
        self.provider = provider
        self.transaction_hash = transaction_hash

    async def await_committed(self, attempts: Optional[int] = None,
                              attempts_timeout: Optional[int] = None) -> TransactionResult:
        status = TransactionResult(TransactionStatus.FAILED,
                                   f"Transaction has not been executed with amount of attempts {attempts}"
                                   f"and timeout {attempts_timeout}", None)
        while True:
            if attempts is not None:
                if attempts <= 0:
                    return status
            transaction_details = await self.provider.get_tx_receipt(self.transaction_hash)
            if attempts is not None:
                attempts -= 1
            if "failReason" in transaction_details and transaction_details["failReason"] is not None:
                return TransactionResult(TransactionStatus.FAILED, transaction_details['failReason'],
                                         transaction_details['block'])

            if "block" in transaction_details:
                block = transaction_details["block"]
                if block is not None and "committed" in block and block["committed"]:
                    return TransactionResult(TransactionStatus.COMMITTED, "", block)
            if attempts_timeout is not None:
                time.sleep(attempts_timeout / 1000)


async def heartbeat(stop: asyncio.Event) -> int:
    ticks = 0
    while not stop.is_set():
        ticks += 1
        await asyncio.sleep(0.01)
    return ticks


async def main() -> None:
    stop = asyncio.Event()
    hb = asyncio.create_task(heartbeat(stop))
    tx = Transaction.build_transaction(ZkSyncProviderV01(), "sync-tx:0x1")
    result = await tx.await_committed(attempts=20, attempts_timeout=100)
    stop.set()
    print(result.status, "heartbeat ticks while polling:", await hb)


if __name__ == "__main__":
    asyncio.run(main())
