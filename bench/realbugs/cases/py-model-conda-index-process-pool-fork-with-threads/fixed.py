import json
import logging
import multiprocessing
import os
import sqlite3
import sys
import threading
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from os.path import join

log = logging.getLogger(__name__)

MAX_THREADS_DEFAULT = os.cpu_count() or 1


class DummyExecutor(Executor):
    def map(self, func, *iterables):
        for iterable in iterables:
            for thing in iterable:
                yield func(thing)

    def submit(self, func, *args, **kwargs):
        future = Future()
        future.set_result(func(*args, **kwargs))
        return future


class CondaIndexCache:
    def __init__(self, channel_root, subdir):
        self.channel_root = channel_root
        self.subdir = subdir
        self._local = threading.local()

    @property
    def db(self):
        if not hasattr(self._local, "db"):
            self._local.db = sqlite3.connect(":memory:")
        return self._local.db

    def extract_to_cache(self, fn):
        self.db.execute("CREATE TABLE IF NOT EXISTS index_json (path TEXT, json TEXT)")
        return fn, {"name": fn.split("-")[0], "subdir": self.subdir}


def _index_subdir(args):
    channel_root, subdir, fns = args
    cache = CondaIndexCache(channel_root, subdir)
    return subdir, dict(cache.extract_to_cache(fn) for fn in fns)


class ChannelIndex:
    def __init__(self, channel_root, channel_name, subdirs=None, threads=MAX_THREADS_DEFAULT, debug=False):
        self.channel_root = os.path.abspath(channel_root)
        self.channel_name = channel_name or os.path.basename(channel_root.rstrip("/"))
        self._subdirs = subdirs or ["noarch", "linux-64"]
        self.thread_executor = (
            DummyExecutor()
            if (debug or sys.version_info.major == 2 or threads == 1)
            # fork seems to hang when threads exist in the parent; use spawn everywhere
            else ProcessPoolExecutor(threads, mp_context=multiprocessing.get_context("spawn"))
        )
        # downloads / channeldata bookkeeping runs on a thread pool in the parent
        self._io_executor = ThreadPoolExecutor(max_workers=4)

    def index(self, patch_generator=None):
        log.info("Indexing %s", self.channel_name)
        # background threads are alive in the parent while the pool forks its workers
        pending = [self._io_executor.submit(self._update_channeldata_entry, s) for s in self._subdirs]
        work = [(self.channel_root, subdir, ["%s-1.0-0.tar.bz2" % subdir]) for subdir in self._subdirs]
        results = dict(self.thread_executor.map(_index_subdir, work))
        for f in pending:
            f.result()
        return results

    def _update_channeldata_entry(self, subdir):
        with open(join(self.channel_root, "channeldata-%s.json" % subdir), "w") as f:
            json.dump({"subdir": subdir}, f)


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as root:
        index = ChannelIndex(root, "local", threads=2)
        print(index.index())
        index.thread_executor.shutdown()
        index._io_executor.shutdown()
