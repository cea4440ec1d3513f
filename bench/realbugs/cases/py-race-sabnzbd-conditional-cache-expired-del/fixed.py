"""Shape of SABnzbd 4.5 sabnzbd/decorators.py (conditional_cache) and its use by
misc.diskspace(), called from every API/queue request on CherryPy worker threads."""
import functools
import os
import shutil
import threading
import time
from threading import RLock, Condition

# All operations that modify the queue need to happen in a lock
NZBQUEUE_LOCK = RLock()
DOWNLOADER_CV = Condition(NZBQUEUE_LOCK)


def conditional_cache(cache_time: int):
    """
    A decorator that caches function results for a specified time, but only if the result is not empty.
    Empty results (None, empty collections, empty strings, False, 0) are not cached.
    If a keyword argument of `force=True` is used, the cache is skipped.

    :param cache_time: Time in seconds to cache non-empty results
    """

    def decorator(func):
        cache = {}

        def wrapper(*args, **kwargs):
            current_time = time.time()

            # Create cache key using functools._make_key
            try:
                key = functools._make_key(args, kwargs, typed=False)
                hash(key)
            except TypeError:
                # If args/kwargs aren't hashable, skip caching entirely
                return func(*args, **kwargs)

            # Allow force kward to skip cache
            if not kwargs.get("force"):
                # Check if we have a valid cached result
                # Not thread-safe, but during a race it must not raise
                cached = cache.get(key)
                if cached is not None:
                    cached_result, timestamp = cached
                    if current_time - timestamp < cache_time:
                        return cached_result
                    # Cache entry expired, remove it
                    cache.pop(key, None)

            # Call the original function
            result = func(*args, **kwargs)

            # Only cache non-empty results
            if result:
                cache[key] = (result, current_time)

            return result

        return wrapper

    return decorator


@conditional_cache(cache_time=10)
def diskspace(force: bool = False) -> dict:
    """Wrapper to cache results"""
    result = {}
    for name, path in (("download_dir", "/tmp"), ("complete_dir", os.getcwd())):
        usage = shutil.disk_usage(path)
        result[name] = (usage.total / 2**30, usage.free / 2**30)
    return result


def build_header(for_template: bool = True) -> dict:
    """Build the basic header (api.py), called for every queue/history API request"""
    header = {"version": "4.5.5"}
    diskspace_info = diskspace()
    header["diskspace1"] = "%.2f" % diskspace_info["download_dir"][1]
    header["diskspace2"] = "%.2f" % diskspace_info["complete_dir"][1]
    return header


def _api_queue_default(errors: list) -> None:
    try:
        build_header(for_template=False)
    except KeyError as exc:
        errors.append(exc)


if __name__ == "__main__":
    errors: list = []
    diskspace()
    time.sleep(10.1)  # let the entry expire, then the polling UIs all refresh at once
    workers = [threading.Thread(target=_api_queue_default, args=(errors,)) for _ in range(16)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    print("requests that failed with KeyError:", len(errors))
