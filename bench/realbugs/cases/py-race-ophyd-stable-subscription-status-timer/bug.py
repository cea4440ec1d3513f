"""Reduced from bluesky/ophyd ophyd/status.py (1.9): SubscriptionStatus / StableSubscriptionStatus."""
import logging
import threading
from functools import partial

logger = logging.getLogger(__name__)


class StatusBase:
    def __init__(self, timeout=None, settle_time=None):
        self._lock = threading.RLock()
        self._event = threading.Event()
        self._exception = None
        self.timeout = timeout
        self.settle_time = settle_time
        self.log = logger

    @property
    def done(self):
        return self._event.is_set()

    def set_finished(self):
        self._event.set()

    def set_exception(self, exc):
        self._exception = exc
        self._event.set()

    def _handle_failure(self):
        pass

    def wait(self, timeout=None):
        self._event.wait(timeout)
        if self._exception is not None:
            raise self._exception


class DeviceStatus(StatusBase):
    def __init__(self, device, **kwargs):
        self.device = device
        super().__init__(**kwargs)


class SubscriptionStatus(DeviceStatus):
    def __init__(self, device, callback, event_type=None, timeout=None, settle_time=None, run=True):
        self.callback = callback
        super().__init__(device, timeout=timeout, settle_time=settle_time)
        self._sub = device.subscribe(self.check_value, event_type=event_type, run=run)

    def check_value(self, *args, **kwargs):
        try:
            success = self.callback(*args, **kwargs)
            if success:
                self.set_finished()
        except Exception as e:
            self.log.error(e)
            self.set_exception(e)

    def set_finished(self):
        self.device.clear_sub(self.check_value)
        super().set_finished()


class StableSubscriptionStatus(SubscriptionStatus):
    def __init__(self, device, callback, stability_time, event_type=None, timeout=None,
                 settle_time=None, run=True):
        if timeout and stability_time > timeout:
            raise ValueError(f"Stability time ({stability_time}) must be less than full status "
                             f"timeout ({timeout})")
        self._stability_time = stability_time
        self._stable_timer = threading.Timer(self._stability_time, partial(self.set_finished))
        super().__init__(device, callback, event_type, timeout=timeout,
                         settle_time=settle_time, run=run)

    def check_value(self, *args, **kwargs):
        try:
            success = self.callback(*args, **kwargs)
            if success:
                if not self._stable_timer.is_alive():
                    self._stable_timer.start()
            else:
                self._stable_timer.cancel()
                self._stable_timer = threading.Timer(self._stability_time, partial(self.set_finished))
        except Exception as e:
            self.log.error(e)
            self.set_exception(e)

    def set_finished(self):
        self._stable_timer.cancel()
        super().set_finished()


class Signal:
    """A signal whose monitor callbacks arrive on several CA callback threads."""

    def __init__(self, value=0.0):
        self._subs = []
        self._readback = value

    def subscribe(self, cb, event_type=None, run=True):
        self._subs.append(cb)
        if run:
            cb(value=self._readback)
        return cb

    def clear_sub(self, cb):
        if cb in self._subs:
            self._subs.remove(cb)

    def _run_subs(self, value):
        self._readback = value
        for cb in list(self._subs):
            cb(value=value)


def main():
    temperature = Signal(20.0)
    status = StableSubscriptionStatus(temperature, lambda value, **kw: abs(value - 25.0) < 0.5,
                                      stability_time=0.2, timeout=5)
    readings = [25.1, 24.2, 25.0, 25.3, 24.9, 26.0, 25.0]
    threads = [threading.Thread(target=temperature._run_subs, args=(v,)) for v in readings]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    status.wait(5)
    print("stable:", status.done)


if __name__ == "__main__":
    main()
