"""Reduced from NousResearch/hermes-agent tui_gateway/server.py: _SlashWorker, one per dashboard/TUI session."""
import json
import queue
import subprocess
import sys
import threading

_WORKER_SRC = r"""
import json, sys
for line in sys.stdin:
    req = json.loads(line)
    out = {"id": req["id"], "output": "ran /" + req["command"]}
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
"""


class _SlashWorker:
    """Persistent subprocess that runs slash commands for one session."""

    def __init__(self, session_key: str, model: str = ""):
        self._lock = threading.Lock()
        self._seq = 0
        self.stderr_tail: list[str] = []
        self.stdout_queue: queue.Queue = queue.Queue()

        argv = [sys.executable, "-u", "-c", _WORKER_SRC, "--session-key", session_key]
        if model:
            argv += ["--model", model]

        self.proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self._drain_thread_stdout = threading.Thread(
            target=self._drain_stdout, name="slash-drain-stdout", daemon=True)
        self._drain_thread_stderr = threading.Thread(
            target=self._drain_stderr, name="slash-drain-stderr", daemon=True)
        self._drain_thread_stdout.start()
        self._drain_thread_stderr.start()

    def _drain_stdout(self):
        for line in self.proc.stdout or []:
            try:
                self.stdout_queue.put(json.loads(line))
            except json.JSONDecodeError:
                continue

    def _drain_stderr(self):
        for line in self.proc.stderr or []:
            if line.strip():
                self.stderr_tail = (self.stderr_tail + [line.rstrip("\n")])[-80:]

    def run(self, command: str, timeout: float = 30.0) -> str:
        with self._lock:
            self._seq += 1
            rid = self._seq
            self.proc.stdin.write(json.dumps({"id": rid, "command": command}) + "\n")
            self.proc.stdin.flush()
            while True:
                msg = self.stdout_queue.get(timeout=timeout)
                if msg.get("id") == rid:
                    return msg.get("output", "")

    def close(self):
        try:
            if self.proc.poll() is None:
                self.proc.terminate()
                self.proc.wait(timeout=1)
        except Exception:
            try:
                self.proc.kill()
                self.proc.wait(timeout=1)
            except Exception:
                pass
        for thread in (self._drain_thread_stdout, self._drain_thread_stderr):
            thread.join(timeout=2)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                if stream is not None:
                    stream.close()
            except Exception:
                pass


def serve_sessions(n):
    for i in range(n):
        worker = _SlashWorker(session_key="session-%d" % i, model="hermes-3")
        try:
            print(worker.run("status"))
        finally:
            worker.close()
    print("threads alive:", threading.active_count())


if __name__ == "__main__":
    serve_sessions(5)
