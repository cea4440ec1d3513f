"""prompt_toolkit: the asyncio event loop wrapper schedules executor results with call_soon()."""
import asyncio
import threading
import time


class EventLoop:
    """Interface every prompt_toolkit event loop implements."""

    def run_in_executor(self, callback):
        raise NotImplementedError

    def call_from_executor(self, callback):
        """Call this function in the main event loop (like Twisted's callFromThread)."""
        raise NotImplementedError


class PosixAsyncioEventLoop(EventLoop):
    def __init__(self, loop=None):
        self.loop = loop or asyncio.new_event_loop()
        self.closed = False

    def run_in_executor(self, callback):
        self.loop.run_in_executor(None, callback)

    def call_from_executor(self, callback):
        self.loop.call_soon_threadsafe(callback)


class Completer:
    def get_completions(self, text):
        time.sleep(0.05)  # walk the file system
        return [text + suffix for suffix in ("_a", "_b")]


class Buffer:
    def __init__(self, eventloop, completer):
        self.eventloop = eventloop
        self.completer = completer
        self.completions = []
        self.done = asyncio.Event()

    def start_completion(self, text):
        def run():
            completions = self.completer.get_completions(text)

            def callback():
                self.completions = completions
                self.done.set()

            self.eventloop.call_from_executor(callback)

        self.eventloop.run_in_executor(run)


async def main(eventloop):
    buffer = Buffer(eventloop, Completer())
    started = time.monotonic()
    buffer.start_completion("fo")
    # Nothing else is scheduled: the loop sleeps in select() until the callback
    # wakes it. call_soon() from the executor thread does not wake it up.
    await asyncio.wait_for(buffer.done.wait(), timeout=3)
    print("completions", buffer.completions, "after %.2fs" % (time.monotonic() - started))


if __name__ == "__main__":
    eventloop = PosixAsyncioEventLoop()
    try:
        eventloop.loop.run_until_complete(main(eventloop))
    except asyncio.TimeoutError:
        print("completion callback never ran (loop was not woken up)")
    finally:
        eventloop.loop.close()
    print("threads left:", threading.active_count())
