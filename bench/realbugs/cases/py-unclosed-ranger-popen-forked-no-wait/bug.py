"""Reduction of ranger's ranger/ext/popen_forked.py and the Runner that calls it, before #47."""
import os
import subprocess
import sys


def Popen_forked(*args, **kwargs):
    """
    Forks process and runs Popen with the given args and kwargs.

    If os.fork() is not supported, runs Popen without forking and returns the
    process object returned by Popen.
    Otherwise, returns None.
    """
    try:
        pid = os.fork()
    except:  # noqa: E722
        # fall back to not forking if os.fork() is not supported
        return subprocess.Popen(*args, **kwargs)
    else:
        if pid == 0:
            os.setsid()
            kwargs['stdin'] = open(os.devnull, 'r')
            kwargs['stdout'] = kwargs['stderr'] = open(os.devnull, 'w')
            subprocess.Popen(*args, **kwargs)
            os._exit(0)
    return None


class Context(object):
    def __init__(self, action, flags=''):
        self.action = action
        self.flags = flags
        self.popen_kws = {}

    @property
    def fork(self):
        return 'f' in self.flags


class Runner(object):
    """ranger.core.runner.Runner: starts the programs chosen by rifle."""

    def __init__(self, ui=None, logfunc=None):
        self.ui = ui
        self.logfunc = logfunc or print
        self.zombies = set()

    def __call__(self, action=None, flags=''):
        context = Context(action=action, flags=flags)
        popen_kws = context.popen_kws
        popen_kws['args'] = action
        popen_kws['shell'] = isinstance(action, str)
        process = None
        try:
            if context.fork:
                Popen_forked(**popen_kws)
            else:
                process = subprocess.Popen(**popen_kws)
        except OSError as ex:
            self.logfunc("Failed to run: %s\n%s" % (str(action), str(ex)))
        else:
            if process is not None:
                process.wait()
        return process


if __name__ == "__main__":
    runner = Runner()
    for _ in range(3):
        runner([sys.executable, "-c", "pass"], flags='f')
    os.system("ps -o pid,stat,comm --ppid %d" % os.getpid())
