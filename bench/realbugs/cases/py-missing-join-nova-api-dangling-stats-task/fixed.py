"""Reduction of NovaOSS nova-api's api/streaming.py request path (after nova-api#18: keep strong references to background tasks)."""
import asyncio
import random
import time


class StatsManager:
    def __init__(self):
        self.counters = {}

    async def add_date(self):
        await asyncio.sleep(0.01)
        day = time.strftime("%Y.%m.%d")
        self.counters[day] = self.counters.get(day, 0) + 1

    async def add_ip_address(self, ip):
        await asyncio.sleep(0.01)
        self.counters[ip] = self.counters.get(ip, 0) + 1

    async def add_model(self, model):
        await asyncio.sleep(0.01)
        self.counters[model] = self.counters.get(model, 0) + 1


stats = StatsManager()
background_tasks = set()


def create_background_task(coro):
    task = asyncio.create_task(coro)
    background_tasks.add(task)
    task.add_done_callback(background_tasks.discard)
    return task


async def respond(path, user, payload, incoming_request):
    chunks = []
    for i in range(3):
        await asyncio.sleep(0)
        chunks.append({"id": i, "model": payload["model"], "path": path})

    create_background_task(stats.add_date())
    create_background_task(stats.add_ip_address(incoming_request["client_ip"]))
    create_background_task(stats.add_model(payload["model"]))

    return chunks


async def handle(path, payload):
    request = {"client_ip": "10.0.0.%d" % random.randint(1, 20)}
    return await respond(path, {"id": "u1"}, payload, request)


async def main():
    results = await asyncio.gather(
        *(handle("/v1/chat/completions", {"model": "gpt-3.5-turbo"}) for _ in range(50))
    )
    if background_tasks:
        await asyncio.gather(*background_tasks)
    print(len(results), "responses;", "stats:", sum(stats.counters.values()))


if __name__ == "__main__":
    asyncio.run(main())
