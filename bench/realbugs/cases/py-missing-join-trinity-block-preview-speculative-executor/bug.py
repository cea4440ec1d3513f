"""trinity/sync/beam/importer.py: BlockPreviewServer speculatively executes new blocks' transactions."""
import asyncio
import logging
import time
from concurrent import futures
from itertools import groupby
from operator import attrgetter
from typing import Callable, NamedTuple, Tuple

MAX_SPECULATIVE_EXECUTIONS_PER_PROCESS = 4
NUM_PREVIEW_SHARDS = 4


class Transaction(NamedTuple):
    sender: str
    nonce: int


class DoStatelessBlockPreview(NamedTuple):
    header: int  # block number stands in for the header
    transactions: Tuple[Transaction, ...]


class EventBus:
    def __init__(self, events):
        self._events = events

    async def stream(self, event_type):
        for event in self._events:
            await asyncio.sleep(0)
            yield event


def partial_speculative_execute(beam_chain, header, transactions) -> Callable[[], None]:
    """Get an argument-free function that will trigger missing state downloads."""
    def _trigger_missing_state_downloads() -> None:
        time.sleep(0.01)  # vm.apply_all_transactions(), pausing on missing trie nodes
        beam_chain.append((header, len(transactions)))
    return _trigger_missing_state_downloads


class BlockPreviewServer:
    logger = logging.getLogger('trinity.sync.beam.BlockPreviewServer')

    def __init__(self, event_bus, beam_chain, shard_num: int) -> None:
        self._event_bus = event_bus
        self._beam_chain = beam_chain
        self._shard_num = shard_num

    async def serve(self, event_bus, beam_chain) -> None:
        """
        Listen to DoStatelessBlockPreview events, and execute the transactions to prefill
        all the needed state data.
        """
        speculative_thread_executor = futures.ThreadPoolExecutor(
            max_workers=MAX_SPECULATIVE_EXECUTIONS_PER_PROCESS,
            thread_name_prefix="trinity-spec-exec-",
        )

        async for event in event_bus.stream(DoStatelessBlockPreview):
            if event.header % NUM_PREVIEW_SHARDS != self._shard_num:
                continue

            self.logger.debug("DoStatelessBlockPreview-%d is previewing new block: %s",
                              self._shard_num, event.header)
            # Speculative Execution: split transactions into groups by sender
            by_sender = sorted(event.transactions, key=attrgetter('sender'))
            for _sender, sender_transactions in groupby(by_sender, attrgetter('sender')):
                asyncio.get_event_loop().run_in_executor(
                    speculative_thread_executor,
                    partial_speculative_execute(
                        beam_chain,
                        event.header,
                        tuple(sender_transactions),
                    )
                )


async def main():
    txns = tuple(Transaction(f"0x{i % 3}", i) for i in range(9))
    bus = EventBus([DoStatelessBlockPreview(n, txns) for n in range(0, 16, 4)])
    chain = []
    server = BlockPreviewServer(bus, chain, shard_num=0)
    await server.serve(bus, chain)
    await asyncio.sleep(0.1)
    print("speculative executions:", len(chain))


if __name__ == "__main__":
    asyncio.run(main())
