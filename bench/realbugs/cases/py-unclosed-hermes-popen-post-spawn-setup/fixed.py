"""hermes-agent: ProcessRegistry.spawn_local() leaks the child when setup after Popen fails."""
import json
import os
import signal
import subprocess
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Optional

CHECKPOINT_PATH = os.path.join(tempfile.gettempdir(), "hermes-processes.json")


@dataclass
class ProcessSession:
    id: str
    command: str
    cwd: Optional[str] = None
    started_at: float = 0.0
    pid: Optional[int] = None
    process: Optional[subprocess.Popen] = None
    output: list = field(default_factory=list)
    _reader_thread: Optional[threading.Thread] = None


class ProcessRegistry:
    def __init__(self, checkpoint_path=CHECKPOINT_PATH):
        self._lock = threading.Lock()
        self._running = {}
        self._checkpoint_path = checkpoint_path

    def _reader_loop(self, session):
        for line in session.process.stdout:
            session.output.append(line)

    def _prune_if_needed(self):
        for sid in [s for s, sess in self._running.items() if sess.process.poll() is not None]:
            del self._running[sid]

    def _write_checkpoint(self):
        with self._lock:
            entries = [{"id": s.id, "pid": s.pid, "command": s.command} for s in self._running.values()]
        with open(self._checkpoint_path, "w") as fh:
            json.dump(entries, fh)

    def spawn_local(self, command, cwd=None):
        session = ProcessSession(
            id=f"proc_{uuid.uuid4().hex[:12]}", command=command, cwd=cwd, started_at=time.time()
        )
        proc = subprocess.Popen(
            ["/bin/sh", "-c", command],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
        try:
            session.process = proc
            session.pid = proc.pid
            reader = threading.Thread(
                target=self._reader_loop, args=(session,), daemon=True, name=f"proc-reader-{session.id}"
            )
            session._reader_thread = reader
            reader.start()
            with self._lock:
                self._prune_if_needed()
                self._running[session.id] = session
            self._write_checkpoint()
        except BaseException:
            # Take down the whole detached process group, reap it, keep the original error.
            try:
                os.killpg(os.getpgid(proc.pid), signal.SIGKILL)
            except OSError:
                pass
            try:
                proc.wait(timeout=5)
            except Exception:
                pass
            with self._lock:
                self._running.pop(session.id, None)
            raise
        return session


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


if __name__ == "__main__":
    registry = ProcessRegistry(checkpoint_path="/nonexistent-dir/processes.json")
    before = {p for p in os.listdir("/proc") if p.isdigit()}
    try:
        registry.spawn_local("sleep 30")
    except OSError as exc:
        print("spawn failed:", exc)
    leaked = [
        int(p) for p in os.listdir("/proc")
        if p.isdigit() and p not in before and alive(int(p))
        and open("/proc/%s/cmdline" % p, "rb").read().startswith(b"sleep\x0030")
    ]
    print("orphaned children still running:", leaked)
    for pid in leaked:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
