import asyncio
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import Manager


def format_file_in_place(src, fast, write_back, lock=None):
    with open(src) as f:
        contents = f.read()
    new_contents = contents.rstrip() + "\n"
    changed = new_contents != contents
    if changed and write_back:
        if lock:
            lock.acquire()
        try:
            with open(src, "w") as f:
                f.write(new_contents)
        finally:
            if lock:
                lock.release()
    return changed


async def schedule_formatting(sources, fast, write_back, loop, executor):
    lock = None
    if write_back:
        manager = Manager()
        lock = manager.Lock()
    tasks = {
        asyncio.ensure_future(
            loop.run_in_executor(executor, format_file_in_place, src, fast, write_back, lock)
        ): src
        for src in sorted(sources)
    }
    changed = 0
    for task in asyncio.as_completed(list(tasks)):
        if await task:
            changed += 1
    return changed


def shutdown(loop):
    try:
        loop.run_until_complete(loop.shutdown_asyncgens())
    finally:
        loop.close()


def reformat_many(sources, fast, write_back):
    loop = asyncio.new_event_loop()
    worker_count = os.cpu_count() or 1
    if sys.platform == "win32":
        worker_count = min(worker_count, 61)
    executor = ProcessPoolExecutor(max_workers=worker_count)
    try:
        changed = loop.run_until_complete(
            schedule_formatting(sources, fast, write_back, loop, executor)
        )
    finally:
        shutdown(loop)
        executor.shutdown()
    return changed


if __name__ == "__main__":
    print(reformat_many(sys.argv[1:], fast=False, write_back=False))
