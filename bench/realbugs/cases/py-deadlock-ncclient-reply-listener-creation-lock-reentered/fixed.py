"""Shape of ncclient/operations/rpc.py (0.6.x/0.7) plus the NAPALM/PyEZ driver teardown that
re-enters it: the RPC-reply listener singleton is created under a class-level Lock."""
import logging
from threading import Event, Lock, RLock
from uuid import uuid4

logger = logging.getLogger("ncclient.operations.rpc")


class SessionListener(object):
    def callback(self, root, raw):
        raise NotImplementedError

    def errback(self, ex):
        raise NotImplementedError


class Session(object):
    """ncclient.transport.Session: keeps the listeners that receive replies."""

    def __init__(self):
        self._listeners = set()
        self._lock = Lock()
        self._q = []

    def add_listener(self, listener):
        with self._lock:
            self._listeners.add(listener)

    def get_listener_instance(self, cls):
        with self._lock:
            for listener in self._listeners:
                if isinstance(listener, cls):
                    return listener

    def send(self, message):
        self._q.append(message)


class RPCReplyListener(SessionListener):  # internal use

    # Re-entrant: listener creation can be re-entered on the same thread, e.g. a driver's
    # __del__ -> close_session() building an RPC while this lock is held.
    creation_lock = RLock()

    # one instance per session -- maybe there is a better way??
    def __new__(cls, session, device_handler):
        with RPCReplyListener.creation_lock:
            instance = session.get_listener_instance(cls)
            if instance is None:
                instance = object.__new__(cls)
                instance._lock = Lock()
                instance._id2rpc = {}
                instance._device_handler = device_handler
                session.add_listener(instance)
                instance.logger = logging.LoggerAdapter(logger, {'session': session})
            return instance

    def register(self, id, rpc):
        with self._lock:
            self._id2rpc[id] = rpc


class RPC(object):
    """Base class for all operations, directly corresponding to *rpc* requests."""

    def __init__(self, session, device_handler, async_mode=False, timeout=30):
        self._session = session
        self._async = async_mode
        self._timeout = timeout
        self._id = uuid4().urn
        self._listener = RPCReplyListener(session, device_handler)
        self._listener.register(self._id, self)
        self._event = Event()

    def _request(self, op):
        self._session.send('<rpc message-id="%s">%s</rpc>' % (self._id, op))
        if not self._async:
            self._event.wait(self._timeout)


class CloseSession(RPC):
    "`close-session` RPC. The connection to NETCONF server is also closed."

    def request(self):
        return self._request("<close-session/>")


class Manager(object):
    """ncclient.manager.Manager"""

    def __init__(self, session, device_handler, timeout=30):
        self._session = session
        self._device_handler = device_handler
        self._timeout = timeout

    def close_session(self):
        return CloseSession(self._session, self._device_handler, timeout=self._timeout).request()


class NetworkDriver(object):
    """napalm.base.NetworkDriver: closes the device when garbage-collected."""

    def __init__(self, manager):
        self.device = manager

    def close(self):
        self.device.close_session()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass
