# master/buildbot/db/logs.py (reduced)
from __future__ import annotations

import threading
import zlib
from functools import partial
from typing import AsyncGenerator, Callable, Generator, TypeVar

from twisted.internet import defer
from twisted.internet import threads
from twisted.internet.interfaces import IReactorThreads
from twisted.python import threadpool
from twisted.python.failure import Failure

_T = TypeVar("_T")


async def _async_iter_on_pool(
    generator_sync: Callable[[], Generator[_T, None, None]],
    *,
    reactor: IReactorThreads,
    provider_threadpool: threadpool.ThreadPool | None = None,
    max_backlog: int = 1,
    wait_backlog_consuption: bool = True,
) -> AsyncGenerator[_T, None]:
    """
    Utility to transform a sync `Generator` function into an `AsyncGenerator`
    by executing it on a threadpool.
    """
    if provider_threadpool is None:
        provider_threadpool = reactor.getThreadPool()

    queue: defer.DeferredQueue[_T | _CloseObj] = defer.DeferredQueue()

    condition = threading.Condition()

    # dummy object that resolve the callback of the task.
    class _CloseObj:
        pass

    close_obj = _CloseObj()

    def _can_put_in_queue():
        return max_backlog <= 0 or len(queue.pending) < max_backlog

    def _provider_wrapped() -> None:
        try:
            for item in generator_sync():
                with condition:
                    condition.wait_for(_can_put_in_queue)
                queue.put(item)
        finally:
            if wait_backlog_consuption:
                with condition:
                    condition.wait_for(lambda: len(queue.pending) <= 0)

    def _put_close(res: None | Failure) -> None | Failure:
        queue.put(close_obj)
        return res

    worker_task = threads.deferToThreadPool(
        reactor,
        provider_threadpool,
        _provider_wrapped,
    ).addBoth(callback=_put_close)

    while (item := await queue.get()) is not close_obj:
        assert not isinstance(item, _CloseObj)
        with condition:
            condition.notify()
        yield item

    assert worker_task.called
    if isinstance(worker_task.result, Failure):
        await worker_task


class LogsConnectorComponent:
    def __init__(self, master, compression_pool: threadpool.ThreadPool):
        self.master = master
        self._compression_pool = compression_pool

    async def _iter_chunks_batched(self, logid: int):
        for first_line, compressed in self.master.db.chunks(logid):
            yield first_line, compressed

    async def iter_log_lines(self, logid: int) -> AsyncGenerator[bytes, None]:
        def _iter_uncompress_lines(chunk_first_line: int, compressed: bytes):
            # runs on a compression-pool thread
            yield from zlib.decompress(compressed).splitlines()

        async for chunk_first_line, compressed in self._iter_chunks_batched(logid):
            async for line in _async_iter_on_pool(
                partial(
                    _iter_uncompress_lines,
                    chunk_first_line=chunk_first_line,
                    compressed=compressed,
                ),
                reactor=self.master.reactor,
                provider_threadpool=self._compression_pool,
                # disable limit as we process one chunk at a time
                max_backlog=0,
            ):
                yield line
