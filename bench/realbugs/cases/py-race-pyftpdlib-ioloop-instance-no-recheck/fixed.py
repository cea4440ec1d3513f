"""pyftpdlib ioloop: _IOLoop.instance() takes the class lock but does not re-check _instance under it."""
import select
import threading
import time


class _Scheduler(object):
    """Run the scheduled functions due to expire soonest (if any)."""

    def __init__(self):
        self._tasks = []
        self._cancellations = 0


class _IOLoop(object):
    """Base class which will later be referred as IOLoop."""
    READ = 1
    WRITE = 2
    _instance = None
    _lock = threading.Lock()
    _started_once = False
    created = 0

    def __init__(self):
        self.socket_map = {}
        self.sched = _Scheduler()
        _IOLoop.created += 1
        time.sleep(0.01)  # poller setup (epoll_create / kqueue)

    @classmethod
    def instance(cls):
        """Return a global IOLoop instance."""
        if cls._instance is None:
            cls._lock.acquire()
            try:
                if cls._instance is None:
                    cls._instance = cls()
            finally:
                cls._lock.release()
        return cls._instance

    @classmethod
    def factory(cls):
        """Constructs a new IOLoop instance."""
        return cls()

    def register(self, fd, instance, events):
        self.socket_map[fd] = instance


class Select(_IOLoop):
    """select()-based poller."""

    def __init__(self):
        _IOLoop.__init__(self)
        self._r = []
        self._w = []

    def register(self, fd, instance, events):
        if fd not in self.socket_map:
            self.socket_map[fd] = instance
            if events & self.READ:
                self._r.append(fd)
            if events & self.WRITE:
                self._w.append(fd)


class Epoll(Select):
    """epoll() based poller (reduced)."""


# select the best IO loop available
if hasattr(select, 'epoll'):
    IOLoop = Epoll
else:
    IOLoop = Select


class Acceptor(object):
    """A dispatcher registered on the shared loop, e.g. one per FTPServer thread."""

    def __init__(self, fd, ioloop=None):
        self.ioloop = ioloop or IOLoop.instance()
        self.ioloop.register(fd, self, self.ioloop.READ)


if __name__ == '__main__':
    loops = []
    threads = [threading.Thread(target=lambda fd=fd: loops.append(Acceptor(fd).ioloop))
               for fd in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("IOLoop instances created:", _IOLoop.created,
          "distinct loops seen:", len({id(l) for l in loops}))
