"""portalocker.utils.Lock: the file opened for locking leaks when locking fails."""
import fcntl
import time


class BaseLockException(Exception):
    pass


class LockException(BaseLockException):
    pass


class AlreadyLocked(BaseLockException):
    pass


def lock(file_, flags):
    try:
        fcntl.flock(file_.fileno(), flags)
    except OSError as exc:
        raise LockException(exc)


class Lock:
    def __init__(self, filename, mode="a", timeout=0.1, check_interval=0.05,
                 fail_when_locked=True, flags=fcntl.LOCK_EX | fcntl.LOCK_NB):
        self.fh = None
        self.filename = filename
        self.mode = mode
        self.timeout = timeout
        self.check_interval = check_interval
        self.fail_when_locked = fail_when_locked
        self.flags = flags

    def acquire(self):
        if self.fh:
            return self.fh
        fh = self._get_fh()
        try:
            fh = self._get_lock(fh)
        except LockException as exception:
            timeoutend = time.time() + self.timeout
            while timeoutend > time.time():
                time.sleep(self.check_interval)
                try:
                    if self.fail_when_locked:
                        fh.close()
                        raise AlreadyLocked(exception)
                    fh = self._get_lock(fh)
                    break
                except LockException:
                    pass
            else:
                fh.close()
                raise LockException(exception)
        self.fh = fh
        return fh

    def _get_fh(self):
        return open(self.filename, self.mode)

    def _get_lock(self, fh):
        lock(fh, self.flags)
        return fh

    def release(self):
        if self.fh:
            self.fh.close()
            self.fh = None


if __name__ == "__main__":
    import tempfile
    import warnings

    warnings.simplefilter("default")
    path = tempfile.mktemp()
    holder = Lock(path)
    holder.acquire()
    try:
        Lock(path).acquire()
    except BaseLockException as exc:
        print("not acquired:", type(exc).__name__)
    holder.release()
