"""newrelic/core/trace_cache.py (agent 8.2): per-thread/per-task trace registry."""
import threading
import time
import weakref

try:
    import thread
except ImportError:
    import _thread as thread


def current_task(asyncio):
    return None


def get_event_loop(task):
    return None


class TraceCacheNoActiveTraceError(RuntimeError):
    pass


class TraceCache:
    def __init__(self):
        self._cache = weakref.WeakValueDictionary()

    def current_thread_id(self):
        """Returns the thread ID for the caller (or the running asyncio task)."""
        return thread.get_ident()

    def current_trace(self):
        return self._cache.get(self.current_thread_id())

    def prepare_for_root(self):
        """Updates the cache state so that a new root can be created if the
        trace in the cache is from a different task (for asyncio)."""
        trace = self._cache.get(self.current_thread_id())
        if trace and not trace.transaction:
            self._cache.pop(self.current_thread_id(), None)

    def save_trace(self, trace):
        trace_id = self.current_thread_id()
        self._cache[trace_id] = trace

    def pop_current(self, trace):
        trace_id = self.current_thread_id()
        parent = trace.parent
        self._cache[trace_id] = parent

    def complete_root(self, root):
        self._cache.pop(root.thread_id, None)

    def record_event_loop_wait(self, start_time, end_time):
        transaction = self.current_transaction()
        if not transaction or not transaction.settings:
            return
        duration = end_time - start_time
        seen = set()
        for trace in list(self._cache.values()):
            if trace in seen:
                continue
            seen.add(trace)
            trace.exclusive -= duration

    def current_transaction(self):
        trace = self.current_trace()
        return trace and trace.transaction


class Settings:
    pass


class Transaction:
    settings = Settings()


class Trace:
    def __init__(self, parent=None):
        self.parent = parent
        self.transaction = Transaction()
        self.exclusive = 0.0
        self.thread_id = thread.get_ident()


_trace_cache = TraceCache()


def trace_cache():
    return _trace_cache


def request_thread(n):
    for _ in range(n):
        root = Trace()
        trace_cache().save_trace(root)
        trace_cache().complete_root(root)


def event_loop_thread(n, errors):
    root = Trace()
    trace_cache().save_trace(root)
    for _ in range(n):
        try:
            trace_cache().record_event_loop_wait(time.time(), time.time())
        except RuntimeError as exc:
            errors.append(exc)


if __name__ == "__main__":
    errors = []
    workers = [threading.Thread(target=request_thread, args=(20000,)) for _ in range(4)]
    loop = threading.Thread(target=event_loop_thread, args=(20000, errors))
    for t in workers + [loop]:
        t.start()
    for t in workers + [loop]:
        t.join()
    print("RuntimeErrors:", len(errors))
