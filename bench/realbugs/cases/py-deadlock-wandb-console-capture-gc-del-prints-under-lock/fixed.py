"""wandb/sdk/lib/console_capture.py (wandb/wandb), reduced.

Patches sys.stdout/sys.stderr write() on import so that W&B can forward
console output to the run."""

from __future__ import annotations

import contextlib
import contextvars
import logging
import sys
import threading
from collections.abc import Iterator
from typing import IO, AnyStr, Callable

_logger = logging.getLogger(__name__)

_WriteCallback = Callable[[object, int], None]

_module_lock = threading.RLock()

# See _enter_callbacks().
_is_writing = False
_is_caused_by_callback = contextvars.ContextVar("_is_caused_by_callback", default=False)

_next_callback_id: int = 1

_stdout_callbacks: dict[int, _WriteCallback] = {}
_stderr_callbacks: dict[int, _WriteCallback] = {}


def capture_stdout(callback: _WriteCallback) -> Callable[[], None]:
    with _module_lock:
        return _insert_disposably(_stdout_callbacks, callback)


def _insert_disposably(
    callback_dict: dict[int, _WriteCallback],
    callback: _WriteCallback,
) -> Callable[[], None]:
    global _next_callback_id
    id = _next_callback_id
    _next_callback_id += 1

    disposed = False

    def dispose() -> None:
        nonlocal disposed

        with _module_lock:
            if disposed:
                return
            callback_dict.pop(id, None)
            disposed = True

    callback_dict[id] = callback
    return dispose


def _patch(stdout_or_stderr: IO[AnyStr], callbacks: dict[int, _WriteCallback]) -> None:
    orig_write: Callable[[AnyStr], int]

    def write_with_callbacks(s: AnyStr, /) -> int:
        n = orig_write(s)

        with contextlib.ExitStack() as stack:
            callbacks_list = stack.enter_context(_enter_callbacks(callbacks))

            for cb in callbacks_list:
                cb(s, n)

        return n

    orig_write = stdout_or_stderr.write
    stdout_or_stderr.write = write_with_callbacks  # type: ignore


@contextlib.contextmanager
def _enter_callbacks(callbacks: dict[int, _WriteCallback]) -> Iterator[list[_WriteCallback]]:
    """Returns a list of callbacks to invoke; empty when a callback prints."""
    global _is_writing

    with _module_lock:
        if _is_writing or _is_caused_by_callback.get():
            callbacks_list = None

        else:
            # Allocates: the cyclic GC may run here, on this thread, and call
            # an arbitrary __del__ -- which may print().
            callbacks_list = list(callbacks.values())
            _is_writing = True
            _is_caused_by_callback.set(True)

    if callbacks_list is None:
        yield []
        return

    try:
        yield callbacks_list
    finally:
        with _module_lock:
            _is_writing = False
            _is_caused_by_callback.set(False)


_patch(sys.stdout, _stdout_callbacks)
_patch(sys.stderr, _stderr_callbacks)


class TrainingStep:
    """User code: an object in a reference cycle whose finalizer prints."""

    def __init__(self, n):
        self.n = n
        self.self_ref = self

    def __del__(self):
        print(f"step {self.n} released")


def train(run_log: list, steps: int = 1000) -> None:
    capture_stdout(lambda s, n: run_log.append(s))
    for i in range(steps):
        TrainingStep(i)
        print(f"loss at step {i}")
