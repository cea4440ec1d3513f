"""ExtendedTask completion: the settling coroutine is scheduled and its Task dropped."""
import asyncio


class ReactiveValue:
    def __init__(self, value):
        self._value = value

    def set(self, value):
        self._value = value

    def get(self):
        return self._value


class ExtendedTask:
    def __init__(self, func, session_lock):
        self._func = func
        self._lock = session_lock
        self.status = ReactiveValue("initial")
        self.value = ReactiveValue(None)
        self.error = ReactiveValue(None)
        self._task = None
        self._completion_tasks = set()

    def invoke(self, *args):
        self.status.set("running")
        self._task = asyncio.create_task(self._func(*args))
        self._task.add_done_callback(self._done_callback)

    def _done_callback(self, task):
        async def _impl():
            async with self._lock:
                if task.cancelled():
                    self.status.set("cancelled")
                elif task.exception() is not None:
                    self.error.set(task.exception())
                    self.status.set("error")
                else:
                    self.value.set(task.result())
                    self.status.set("success")

        completion = asyncio.create_task(_impl())
        self._completion_tasks.add(completion)
        completion.add_done_callback(self._completion_tasks.discard)


async def main():
    lock = asyncio.Lock()

    async def slow_sum(a, b):
        await asyncio.sleep(0.01)
        return a + b

    t = ExtendedTask(slow_sum, lock)
    t.invoke(1, 2)
    await asyncio.sleep(0.05)
    print(t.status.get(), t.value.get())


if __name__ == "__main__":
    asyncio.run(main())
