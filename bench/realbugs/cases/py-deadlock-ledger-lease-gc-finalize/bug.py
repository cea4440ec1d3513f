"""Per-session ledger leases (KiroCrew src/kiro_crew/ledger/lease.py + Ledger._adopt_lease, reduced)."""
import os
import threading
import time
import weakref
from dataclasses import dataclass, field
from typing import Dict, Optional

_lock = threading.Lock()
_leases: Dict[str, "LeaseRecord"] = {}


@dataclass
class LeaseRecord:
    key: str
    pid: int
    thread: str
    acquired_at: float = field(default_factory=time.monotonic)
    refs: int = 1


def acquire(key: str) -> LeaseRecord:
    """Take (or re-enter) the process-wide lease for a ledger file."""
    with _lock:
        record = _leases.get(key)
        if record is not None:
            record.refs += 1
            return record
        # building the record allocates; the cyclic GC may run right here,
        # on this thread, and fire finalizers of unreachable ledger handles
        record = LeaseRecord(key=key, pid=os.getpid(), thread=threading.current_thread().name)
        _leases[key] = record
        return record


def release(key: str) -> None:
    """Drop one reference; bound to the handle lifetime with weakref.finalize."""
    with _lock:
        record = _leases.get(key)
        if record is None:
            return
        record.refs -= 1
        if record.refs <= 0:
            del _leases[key]


class _Handle:
    def __init__(self, path: str) -> None:
        self.path = path
        self.owner: Optional["Ledger"] = None


class Ledger:
    def __init__(self, path: str) -> None:
        self.path = path
        self._handle = _Handle(path)
        self._handle.owner = self  # cycle: only the cyclic collector frees it
        self._adopt_lease()

    def _adopt_lease(self) -> None:
        key = os.path.abspath(self.path)
        acquire(key)
        weakref.finalize(self._handle, release, key)

    def emit(self, event: dict) -> None:
        with open(self.path, "a", encoding="utf-8") as fp:
            fp.write(repr(event) + "\n")


def open_turn(session_dir: str, turn: int) -> None:
    ledger = Ledger(os.path.join(session_dir, "turn-%d.jsonl" % (turn % 4)))
    ledger.emit({"turn": turn, "kind": "open"})
    # ledger goes out of scope here but stays alive in its cycle until a GC pass


if __name__ == "__main__":
    import tempfile

    def gateway(tmp: str) -> None:
        for turn in range(2000):
            open_turn(tmp, turn)

    with tempfile.TemporaryDirectory() as tmp:
        worker = threading.Thread(target=gateway, args=(tmp,), daemon=True)
        worker.start()
        worker.join(timeout=10)
        print("gateway hung in the lease code:", worker.is_alive())
