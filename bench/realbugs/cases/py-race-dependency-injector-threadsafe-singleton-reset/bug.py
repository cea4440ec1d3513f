"""dependency-injector 4.x providers (providers.pyx, reduced to Python): ThreadSafeSingleton."""
import threading
import time


def __factory_call(instantiator, args, kwargs):
    return instantiator(*args, **kwargs)


class Provider:
    def __call__(self, *args, **kwargs):
        return self._provide(args, kwargs)

    def _provide(self, args, kwargs):
        raise NotImplementedError


class Factory(Provider):
    def __init__(self, provides, *args, **kwargs):
        self.provides = provides
        self.args = args
        self.kwargs = kwargs

    def _provide(self, args, kwargs):
        return self.provides(*(self.args + args), **{**self.kwargs, **kwargs})


class BaseSingleton(Provider):
    def __init__(self, provides, *args, **kwargs):
        self.__instantiator = Factory(provides, *args, **kwargs)

    @property
    def _instantiator(self):
        return self.__instantiator

    def reset(self):
        raise NotImplementedError


class ThreadSafeSingleton(BaseSingleton):
    """Thread-safe singleton provider."""

    storage_lock = threading.RLock()

    def __init__(self, provides, *args, **kwargs):
        self.__storage = None
        self.__storage_lock = self.__class__.storage_lock
        super().__init__(provides, *args, **kwargs)

    def reset(self):
        """Reset cached instance, if any."""
        self.__storage = None

    def _provide(self, args, kwargs):
        with self.__storage_lock:
            if self.__storage is None:
                self.__storage = _ThreadSafeSingleton__factory_call(self._instantiator, args, kwargs)
        time.sleep(0)  # the GIL may switch here
        return self.__storage


_ThreadSafeSingleton__factory_call = __factory_call


class ApiClient:
    def __init__(self, url):
        self.url = url


if __name__ == "__main__":
    client = ThreadSafeSingleton(ApiClient, url="https://api.example.com")
    got_none = []
    stop = threading.Event()

    def resetter():
        while not stop.is_set():
            client.reset()

    def user():
        for _ in range(2000):
            if client() is None:
                got_none.append(1)

    r = threading.Thread(target=resetter)
    users = [threading.Thread(target=user) for _ in range(4)]
    r.start()
    for t in users:
        t.start()
    for t in users:
        t.join()
    stop.set()
    r.join()
    print("provider returned None", len(got_none), "times")
