"""Reduction of Lib/asyncio/base_events.py + runners.py (CPython 3.8):
the loop's lazily created default ThreadPoolExecutor is shut down without waiting."""
import concurrent.futures
import selectors
import threading
import time
from asyncio import events, futures, tasks
from asyncio.selector_events import BaseSelectorEventLoop


class _EventLoop(BaseSelectorEventLoop):
    def __init__(self):
        super().__init__(selectors.DefaultSelector())
        self._default_executor = None
        self._executor_shutdown_called = False

    def run_in_executor(self, executor, func, *args):
        self._check_closed()
        if executor is None:
            executor = self._default_executor
            if executor is None:
                if self._executor_shutdown_called:
                    raise RuntimeError("Executor shutdown has been called")
                executor = concurrent.futures.ThreadPoolExecutor()
                self._default_executor = executor
        return futures.wrap_future(executor.submit(func, *args), loop=self)

    async def shutdown_default_executor(self):
        """Schedule the shutdown of the default executor."""
        self._executor_shutdown_called = True
        if self._default_executor is None:
            return
        future = self.create_future()
        thread = threading.Thread(target=self._do_shutdown, args=(future,))
        thread.start()
        try:
            await future
        finally:
            thread.join()

    def _do_shutdown(self, future):
        try:
            self._default_executor.shutdown(wait=True)
            self.call_soon_threadsafe(future.set_result, None)
        except Exception as ex:
            self.call_soon_threadsafe(future.set_exception, ex)

    def close(self):
        if self.is_running():
            raise RuntimeError("Cannot close a running event loop")
        if self._closed:
            return
        super().close()
        executor = self._default_executor
        if executor is not None:
            self._default_executor = None
            executor.shutdown(wait=False)


def run(main, *, debug=None):
    """asyncio.run(): execute the coroutine and return the result."""
    if events._get_running_loop() is not None:
        raise RuntimeError("asyncio.run() cannot be called from a running event loop")
    loop = _EventLoop()
    try:
        events.set_event_loop(loop)
        return loop.run_until_complete(main)
    finally:
        try:
            _cancel_all_tasks(loop)
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(loop.shutdown_default_executor())
        finally:
            events.set_event_loop(None)
            loop.close()


def _cancel_all_tasks(loop):
    to_cancel = tasks.all_tasks(loop)
    if not to_cancel:
        return
    for task in to_cancel:
        task.cancel()
    loop.run_until_complete(tasks.gather(*to_cancel, return_exceptions=True))


def blocking_io():
    time.sleep(0.5)  # e.g. getaddrinfo() or a file read
    return "done"


async def main():
    loop = events.get_running_loop()
    loop.run_in_executor(None, blocking_io)  # fire-and-forget background work
    return "main finished"


if __name__ == "__main__":
    print(run(main()))
    print("dangling threads:", [t.name for t in threading.enumerate() if t is not threading.main_thread()])
