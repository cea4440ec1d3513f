"""Python module to execute a command (reduced from vsc.utils.run)."""
import logging
import os
import subprocess


class Run(object):
    """Base class for static run method"""

    INIT_INPUT_CLOSE = True
    USE_SHELL = True
    SHELL = "/bin/sh"

    @classmethod
    def run(cls, cmd, **kwargs):
        r = cls(cmd, **kwargs)
        return r._run()

    def __init__(self, cmd=None, **kwargs):
        self.input = kwargs.pop("input", None)
        self.startpath = kwargs.pop("startpath", None)
        self.log = logging.getLogger(self.__class__.__name__)
        self.cmd = cmd
        self._cwd_before_startpath = None
        self._process_module = subprocess
        self._process = None
        self._process_exitcode = None
        self._process_output = None
        self._shellcmd = None

    def _run(self):
        self._run_pre()
        self._wait_for_process()
        return self._run_post()

    def _run_pre(self):
        if self.startpath is not None:
            self._cwd_before_startpath = os.getcwd()
            os.chdir(self.startpath)
        self._make_shell_command()
        self._init_process()
        self._init_input()

    def _make_shell_command(self):
        self._shellcmd = self.cmd if isinstance(self.cmd, str) else " ".join(self.cmd)

    def _popen_named_args(self):
        return {
            "stdout": self._process_module.PIPE,
            "stderr": self._process_module.STDOUT,
            "stdin": self._process_module.PIPE,
            "close_fds": True,
            "shell": self.USE_SHELL,
            "executable": self.SHELL,
        }

    def _init_process(self):
        """Initialise the self._process"""
        self._process = self._process_module.Popen(self._shellcmd, **self._popen_named_args())

    def _init_input(self):
        if self.input is not None:
            self._process.stdin.write(self.input.encode())
        if self.INIT_INPUT_CLOSE:
            self._process.stdin.close()

    def _wait_for_process(self):
        self._process_exitcode = self._process.wait()
        self._process_output = self._process.stdout.read().decode()

    def _cleanup_process(self):
        """Cleanup any leftovers from the process"""
        pass

    def _run_post(self):
        self._cleanup_process()
        if self._cwd_before_startpath is not None:
            os.chdir(self._cwd_before_startpath)
        if self._process_exitcode != 0:
            self.log.error("_run_post: cmd %s exitcode %s", self.cmd, self._process_exitcode)
        return self._process_exitcode, self._process_output


run = Run.run


if __name__ == "__main__":
    for _ in range(3):
        ec, out = run("echo hello", input="")
        print(ec, out.strip())
