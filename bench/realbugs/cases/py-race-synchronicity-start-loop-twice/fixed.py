"""synchronicity: two threads making their first blocking call both start a synchronizer loop."""
import asyncio
import atexit
import functools
import threading
from concurrent.futures import ThreadPoolExecutor


class Synchronizer:
    """Helps you offer a blocking (synchronous) interface to asynchronous code."""

    def __init__(self):
        self._loop = None
        self._loop_creation_lock = threading.Lock()
        self._thread = None
        self._stopping = None
        atexit.register(self._close_loop)

    def _start_loop(self):
        with self._loop_creation_lock:
            if self._loop and self._loop.is_running():
                return self._loop

            is_ready = threading.Event()

            def thread_inner():
                async def loop_inner():
                    self._loop = asyncio.get_running_loop()
                    self._stopping = asyncio.Event()
                    is_ready.set()
                    await self._stopping.wait()  # wait until told to stop

                asyncio.run(loop_inner())

            self._thread = threading.Thread(target=thread_inner, daemon=True)
            self._thread.start()
            is_ready.wait()  # TODO: this might block for a very short time
            return self._loop

    def _close_loop(self):
        if self._thread is not None:
            if not self._loop.is_closed():
                # This also serves the purpose of waking up an idle loop
                self._loop.call_soon_threadsafe(self._stopping.set)
            self._thread.join()
            self._thread = None

    def _get_loop(self, start=False):
        if self._loop is None and start:
            return self._start_loop()
        return self._loop

    def _run_function_sync(self, coro):
        loop = self._get_loop(start=True)
        fut = asyncio.run_coroutine_threadsafe(coro, loop)
        return fut.result()

    def create_blocking(self, f):
        @functools.wraps(f)
        def f_wrapped(*args, **kwargs):
            return self._run_function_sync(f(*args, **kwargs))

        return f_wrapped


synchronizer = Synchronizer()


async def _lookup(name):
    await asyncio.sleep(0.01)
    return (name, id(asyncio.get_running_loop()))


lookup = synchronizer.create_blocking(_lookup)


def main():
    # user code calling the blocking modal client from a thread pool
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda i: lookup("fn-%d" % i), range(8)))
    loops = {loop_id for _, loop_id in results}
    print("event loops used:", len(loops))


if __name__ == "__main__":
    main()
