"""python/perfetto/trace_processor/shell.py + api.py (google/perfetto), reduced."""
import subprocess
import sys
import tempfile
import time
from urllib import error, request

TP_PORT = 9001


class PerfettoException(Exception):
    pass


def load_shell(shell_path, unique_port, verbose, load_timeout=2, extra_flags=None):
    port = 0 if unique_port else TP_PORT
    url = f'localhost:{port}'

    tp_exec = [shell_path]
    args = ['-D', '--http-port', str(port)]
    if extra_flags:
        args.extend(extra_flags)

    temp_stdout = tempfile.TemporaryFile()
    temp_stderr = tempfile.TemporaryFile()

    creationflags = 0
    if sys.platform == 'win32':
        creationflags = subprocess.CREATE_NEW_PROCESS_GROUP

    p = subprocess.Popen(
        tp_exec + args,
        stdin=subprocess.DEVNULL,
        stdout=temp_stdout,
        stderr=None if verbose else temp_stderr,
        creationflags=creationflags)

    success = False
    for _ in range(load_timeout + 1):
        try:
            if p.poll() is None:
                _ = request.urlretrieve(f'http://{url}/status')
                success = True
            break
        except (error.URLError, ConnectionError):
            time.sleep(1)

    if not success:
        p.kill()
        temp_stdout.seek(0)
        stdout = temp_stdout.read().decode("utf-8")
        temp_stderr.seek(0)
        stderr = temp_stderr.read().decode("utf-8")
        temp_stdout.close()
        temp_stderr.close()
        raise PerfettoException("Trace processor failed to start.\n"
                                f"stdout: {stdout}\nstderr: {stderr}\n")

    return url, p, temp_stdout, temp_stderr


class TraceProcessor:
    def __init__(self, bin_path, unique_port=True, verbose=False):
        self.subprocess = None
        self._temp_stdout = None
        self._temp_stderr = None
        self.url = self._create_tp_http(bin_path, unique_port, verbose)

    def _create_tp_http(self, bin_path, unique_port, verbose):
        url, self.subprocess, self._temp_stdout, self._temp_stderr = load_shell(
            shell_path=bin_path, unique_port=unique_port, verbose=verbose)
        return url

    def close(self):
        if self.subprocess:
            self.subprocess.kill()
            self.subprocess.wait()
        if self._temp_stdout:
            self._temp_stdout.close()
        if self._temp_stderr:
            self._temp_stderr.close()

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.close()
        return False
