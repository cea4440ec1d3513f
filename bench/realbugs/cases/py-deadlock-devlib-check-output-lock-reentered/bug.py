"""devlib/utils/misc.py (2021): serialise Popen creation with a module-level lock."""
import logging
import os
import subprocess
import threading

logger = logging.getLogger('misc')

# Popen is not thread safe. If two threads attempt to call it at the same time,
# one may lock up. See https://bugs.python.org/issue12739.
check_output_lock = threading.Lock()


class TimeoutError(Exception):
    def __init__(self, command, output):
        super().__init__('Timed out: {}'.format(command))
        self.command = command
        self.output = output


def preexec_function():
    # Change process group in case we have to kill the subprocess and all of
    # its children later.
    os.setpgrp()


def get_subprocess(command, **kwargs):
    if 'stdout' in kwargs:
        raise ValueError('stdout argument not allowed, it will be overridden.')
    with check_output_lock:
        process = subprocess.Popen(command,
                                   stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE,
                                   stdin=subprocess.PIPE,
                                   preexec_fn=preexec_function,
                                   **kwargs)
    return process


def check_subprocess_output(process, timeout=None, ignore=None, inputtext=None):
    output = None
    error = None
    try:
        output, error = process.communicate(inputtext, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        process.kill()
        output, error = process.communicate()
        raise TimeoutError(process.args, output='\n'.join([output or b'', error or b''])) from e
    output = output.decode('utf-8', 'replace') if output else ''
    error = error.decode('utf-8', 'replace') if error else ''
    retcode = process.poll()
    if retcode and ignore != 'all' and retcode not in (ignore or []):
        raise subprocess.CalledProcessError(retcode, process.args, output, error)
    return output, error


def check_output(command, timeout=None, ignore=None, inputtext=None, **kwargs):
    """This is a version of subprocess.check_output that adds a timeout parameter to kill
    the subprocess if it does not return within the specified time."""
    # pylint: disable=too-many-branches
    if ignore is None:
        ignore = []
    elif isinstance(ignore, int):
        ignore = [ignore]
    elif not isinstance(ignore, list) and ignore != 'all':
        message = 'Invalid value for ignore parameter: "{}"; must be an int or a list'
        raise ValueError(message.format(ignore))

    with check_output_lock:
        process = get_subprocess(command, **kwargs)
    return check_subprocess_output(process, timeout=timeout, ignore=ignore, inputtext=inputtext)


class LocalConnection:
    name = 'local'

    def execute(self, command, timeout=None, check_exit_code=True, as_root=False):
        ignore = None if check_exit_code else 'all'
        logger.debug(command)
        output, _ = check_output(command, shell=True, timeout=timeout, ignore=ignore)
        return output


if __name__ == '__main__':
    conn = LocalConnection()
    t = threading.Thread(target=lambda: print(conn.execute('echo hello')), daemon=True)
    t.start()
    t.join(3)
    print('deadlocked' if t.is_alive() else 'ok')
