"""truenas/middleware: reduction of the middlewared event/job dispatch.

Event hooks are fired as fire-and-forget asyncio tasks.  The event loop
only keeps weak references to tasks.
"""
import asyncio
import gc


class Middleware:
    def __init__(self):
        self.loop = None
        self.__hooks = {}
        self.__tasks = set()
        self.delivered = []

    def register_hook(self, name, method):
        self.__hooks.setdefault(name, []).append(method)

    async def __call_hook(self, method, *args):
        await asyncio.sleep(0.05)
        await method(self, *args)

    def send_event(self, name, *args):
        for method in self.__hooks.get(name, []):
            # keep a strong reference until the task is done
            task = self.loop.create_task(self.__call_hook(method, *args))
            self.__tasks.add(task)
            task.add_done_callback(self.__tasks.discard)

    async def run(self):
        self.loop = asyncio.get_running_loop()
        for i in range(5):
            self.send_event('pool.query', i)
            gc.collect()
        await asyncio.sleep(0.2)
        print('delivered', self.delivered)


async def on_pool_query(middleware, i):
    middleware.delivered.append(i)


if __name__ == '__main__':
    m = Middleware()
    m.register_hook('pool.query', on_pool_query)
    asyncio.run(m.run())
