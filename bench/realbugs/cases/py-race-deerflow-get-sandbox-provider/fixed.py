"""Reduction of deer-flow harness sandbox/sandbox_provider.py (bytedance/deer-flow#3721)."""
import atexit
import threading
import time


class SandboxProvider:
    def acquire(self, thread_id):
        raise NotImplementedError

    def release(self, sandbox_id):
        raise NotImplementedError

    def shutdown(self):
        pass


class AioSandboxProvider(SandboxProvider):
    def __init__(self, idle_timeout=600):
        self._sandboxes = {}
        self._lock = threading.Lock()
        self._idle_timeout = idle_timeout
        self._stop = threading.Event()
        self._idle_checker = threading.Thread(target=self._idle_checker_loop, daemon=True)
        self._idle_checker.start()
        atexit.register(self.shutdown)

    def _idle_checker_loop(self):
        while not self._stop.wait(30):
            now = time.monotonic()
            with self._lock:
                for sid, last in list(self._sandboxes.items()):
                    if now - last > self._idle_timeout:
                        del self._sandboxes[sid]

    def acquire(self, thread_id):
        with self._lock:
            self._sandboxes[thread_id] = time.monotonic()
        return thread_id

    def release(self, sandbox_id):
        with self._lock:
            self._sandboxes.pop(sandbox_id, None)

    def shutdown(self):
        self._stop.set()
        if self._idle_checker.is_alive():
            self._idle_checker.join(timeout=5)


def resolve_provider_class(config):
    return config.get("sandbox_provider_class", AioSandboxProvider)


_default_sandbox_provider = None
_sandbox_provider_lock = threading.Lock()


def get_sandbox_provider(**kwargs):
    global _default_sandbox_provider
    provider = _default_sandbox_provider
    if provider is not None:
        return provider
    with _sandbox_provider_lock:
        if _default_sandbox_provider is None:
            cls = resolve_provider_class(kwargs.pop("config", {}))
            _default_sandbox_provider = cls(**kwargs)
        return _default_sandbox_provider


def reset_sandbox_provider():
    global _default_sandbox_provider
    with _sandbox_provider_lock:
        provider = _default_sandbox_provider
        _default_sandbox_provider = None
    if provider is not None:
        provider.shutdown()


def handle_feishu_message(thread_id):
    """Runs on the Feishu channel's own thread and event loop."""
    provider = get_sandbox_provider()
    return provider.acquire(thread_id)


def handle_gateway_request(thread_id):
    """Runs on the gateway worker threads."""
    provider = get_sandbox_provider()
    return provider.acquire(thread_id)


def serve(feishu_ids, gateway_ids):
    feishu = threading.Thread(
        target=lambda: [handle_feishu_message(t) for t in feishu_ids], name="feishu-channel"
    )
    feishu.start()
    for thread_id in gateway_ids:
        handle_gateway_request(thread_id)
    feishu.join()
