"""sh 1.14 (sh.py, reduced): RunningCommand / OProc and the _done callback."""
import subprocess
import sys
import threading
from functools import partial


class OProc:
    def __init__(self, command, cmd, call_args):
        self.command = command
        self.call_args = call_args
        self.exit_code = None
        self._stdout = []
        self._wait_lock = threading.Lock()
        self._popen = subprocess.Popen(cmd, stdout=subprocess.PIPE)

    @property
    def stdout(self):
        return b"".join(self._stdout)

    def is_alive(self):
        if self.exit_code is not None:
            return False, self.exit_code
        acquired = self._wait_lock.acquire(False)
        if not acquired:
            return True, self.exit_code
        try:
            exit_code = self._popen.poll()
            if exit_code is not None:
                self.exit_code = exit_code
                self._process_just_ended()
                return False, self.exit_code
            return True, self.exit_code
        finally:
            self._wait_lock.release()

    def _process_just_ended(self):
        done_callback = self.call_args["done"]
        if done_callback:
            success = self.exit_code in self.call_args["ok_code"]
            done_callback(success, self.exit_code)

    def wait(self):
        with self._wait_lock:
            witnessed_end = False
            if self.exit_code is None:
                self._stdout.append(self._popen.stdout.read())
                self.exit_code = self._popen.wait()
                witnessed_end = True
            if witnessed_end:
                self._process_just_ended()
            return self.exit_code


class RunningCommand:
    def __init__(self, cmd, call_args):
        self.cmd = cmd
        self.call_args = call_args
        done_callback = call_args["done"]
        if done_callback:
            call_args["done"] = partial(done_callback, self)
        self.process = OProc(self, cmd, call_args)
        if not call_args["bg"]:
            self.wait()

    def wait(self):
        exit_code = self.process.wait()
        if exit_code not in self.call_args["ok_code"]:
            raise RuntimeError(f"{self.cmd} exited with {exit_code}")
        return self

    @property
    def stdout(self):
        self.wait()
        return self.process.stdout

    def __str__(self):
        return self.stdout.decode()


def done(cmd, success, exit_code):
    print(cmd, success, exit_code)


if __name__ == "__main__":
    args = {"done": done, "ok_code": [0], "bg": False}
    t = threading.Thread(
        target=RunningCommand,
        args=([sys.executable, "-c", "print('hi')"], args),
        daemon=True,
    )
    t.start()
    t.join(timeout=3)
    print("deadlocked in _done callback" if t.is_alive() else "ok")
