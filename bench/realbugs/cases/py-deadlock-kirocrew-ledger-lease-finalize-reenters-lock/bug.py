import gc
import threading
import weakref

# kiro_crew/ledger/lease.py (reduced): one module lock guards the lease table.
_LOCK = threading.Lock()
_LEASES = {}


class _Lease:
    def __init__(self, key, owner):
        self.key = key
        self.owner = owner


def acquire(key, owner):
    with _LOCK:
        holders = _LEASES.setdefault(key, [])
        holders.append(_Lease(key, owner))
        return len(holders)


def release(key):
    with _LOCK:
        holders = _LEASES.get(key)
        if holders:
            holders.pop()
        if not holders:
            _LEASES.pop(key, None)


class Ledger:
    """A session ledger handle; its lease lives exactly as long as the handle."""

    def __init__(self, session_id):
        self.session_id = session_id
        self.events = []
        self._adopt_lease(session_id)

    def _adopt_lease(self, key):
        acquire(key, self.session_id)
        weakref.finalize(self, release, key)

    def emit(self, event):
        self.events.append({"session": self.session_id, "event": event})
        return len(self.events)


def open_turn(session_id, tool_calls):
    # An old handle that is only reachable through a reference cycle:
    # nothing frees it but the cyclic collector, on whatever thread runs it.
    stale = Ledger(session_id)
    stale.parent = stale
    del stale
    ledger = Ledger(session_id)
    for n in range(tool_calls):
        ledger.emit("tool_call_%d" % n)
    return ledger.emit("turn_end")


def gateway_worker():
    for i in range(200):
        open_turn("session-%d" % (i % 4), i % 7)


def main():
    gc.set_threshold(1)  # cache pressure: the collector runs on almost every allocation
    worker = threading.Thread(target=gateway_worker, daemon=True)
    worker.start()
    worker.join(timeout=3)
    if worker.is_alive():
        print("ledger worker hung: release() waits for the lock acquire() holds")
    else:
        print("ledger worker finished")


if __name__ == "__main__":
    main()
