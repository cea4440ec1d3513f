"""Reduced from agronholm/anyio src/anyio/_core/_eventloop.py (+ callers in _core/_tasks.py)."""
from __future__ import annotations

import sys
import threading
from importlib import import_module
from typing import Any, Callable

import sniffio

BACKENDS = "asyncio", "trio"


class AsyncBackend:
    @classmethod
    def run(cls, func: Callable[..., Any], args: tuple, kwargs: dict, options: dict) -> Any:
        raise NotImplementedError

    @classmethod
    def create_task_group(cls) -> Any:
        raise NotImplementedError


def get_async_backend(asynclib_name: str | None = None) -> type[AsyncBackend]:
    if asynclib_name is None:
        asynclib_name = sniffio.current_async_library()

    modulename = "anyio._backends._" + asynclib_name
    try:
        module = sys.modules[modulename]
    except KeyError:
        module = import_module(modulename)

    return getattr(module, "backend_class")


def run(func: Callable[..., Any], *args: object, backend: str = "asyncio",
        backend_options: dict[str, Any] | None = None) -> Any:
    try:
        async_backend = get_async_backend(backend)
    except ImportError as exc:
        raise LookupError(f"No such backend: {backend}") from exc

    token = None
    if sniffio.current_async_library_cvar.get(None) is None:
        token = sniffio.current_async_library_cvar.set(backend)
    try:
        return async_backend.run(func, args, {}, backend_options or {})
    finally:
        if token:
            sniffio.current_async_library_cvar.reset(token)


def create_task_group() -> Any:
    return get_async_backend().create_task_group()


# --- caller: a worker pool where each thread runs its own event loop ---------

def serve_in_threads(handler: Callable[..., Any], n: int = 4) -> None:
    """Each worker thread calls anyio.run() for the first time concurrently; the
    first one starts importing anyio._backends._asyncio, which is already in
    sys.modules while its body is still executing."""
    threads = [threading.Thread(target=run, args=(handler,)) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
