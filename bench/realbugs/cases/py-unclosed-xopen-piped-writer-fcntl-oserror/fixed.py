"""Open compressed files transparently (shape of xopen 1.0, src/xopen/__init__.py)."""
import gzip
import io
import os
import sys
from subprocess import Popen, PIPE

try:
    import fcntl

    # fcntl.F_SETPIPE_SZ will be available in python 3.10.
    if not hasattr(fcntl, "F_SETPIPE_SZ") and sys.platform == "linux":
        setattr(fcntl, "F_SETPIPE_SZ", 1031)
except ImportError:
    fcntl = None

_MAX_PIPE_SIZE_PATH = "/proc/sys/fs/pipe-max-size"
try:
    with open(_MAX_PIPE_SIZE_PATH) as _f:
        _MAX_PIPE_SIZE = int(_f.read())
except OSError:
    _MAX_PIPE_SIZE = None


def _set_pipe_size_to_max(fd: int) -> None:
    """Set pipe size to maximum on platforms that support it."""
    if not hasattr(fcntl, "F_SETPIPE_SZ") or not _MAX_PIPE_SIZE:
        return
    try:
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _MAX_PIPE_SIZE)
    except OSError:
        pass


class Closing:
    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass


class PipedCompressionWriter(Closing):
    """Write compressed files by running an external process and piping into it."""

    def __init__(self, path, program_args, mode="wt", compresslevel=None,
                 threads_flag=None, threads=None):
        if mode not in ("w", "wt", "wb", "a", "at", "ab"):
            raise ValueError("Mode is '{}', but it must be 'w', 'wt', 'wb', 'a', 'at' or 'ab'".format(mode))
        self.outfile = open(path, mode)
        self.closed = False
        self.name = path
        self._mode = mode
        self._program_args = program_args
        self._threads_flag = threads_flag
        if threads is None:
            threads = min(os.cpu_count() or 1, 4)
        try:
            self.process = self._open_process(mode, compresslevel, threads, self.outfile)
        except OSError:
            self.outfile.close()
            raise
        assert self.process.stdin is not None
        _set_pipe_size_to_max(self.process.stdin.fileno())

        if "b" not in mode:
            self._file = io.TextIOWrapper(self.process.stdin)
        else:
            self._file = self.process.stdin

    def _open_process(self, mode, compresslevel, threads, outfile):
        program_args = list(self._program_args)
        if threads != 0 and self._threads_flag is not None:
            program_args += [self._threads_flag, str(threads)]
        extra_args = []
        if compresslevel is not None:
            extra_args += ["-" + str(compresslevel)]
        kwargs = dict(stdin=PIPE, stdout=outfile, stderr=outfile)
        if sys.platform != "win32":
            kwargs["close_fds"] = True
        process = Popen(program_args + extra_args, **kwargs)
        return process

    def write(self, arg):
        self._file.write(arg)

    def close(self):
        if self.closed:
            return
        self.closed = True
        self._file.close()
        retcode = self.process.wait()
        self.outfile.close()
        if retcode != 0:
            raise OSError("Output {} process terminated with exit code {}".format(
                " and ".join(self._program_args), retcode))


def _open_gz(filename, mode, compresslevel, threads):
    if threads != 0:
        try:
            # pigz is faster, but gzip is always there
            return PipedCompressionWriter(filename, ["pigz"], mode, compresslevel,
                                          threads_flag="-p", threads=threads)
        except OSError:
            pass  # We try without threads.
    return gzip.open(filename, mode, compresslevel=compresslevel or 6)


if __name__ == "__main__":
    # cutadapt opens one writer per demultiplexed output: >50 piped processes
    outputs = [_open_gz("/tmp/demux%d.fastq.gz" % i, "wb", 1, 4) for i in range(64)]
    for out in outputs:
        out.write(b"@r1\nACGT\n+\nIIII\n")
        out.close()
