import threading


class Session:
    def send(self, request, **kwargs):
        return "real response for %s" % request


_original_send = Session.send

# Added in requests-mock#183 so that concurrent threads do not interleave
# patching/unpatching of Session.send. Reentrant so a nested mocker
# can fall through to the outer mocker on the same thread.
_send_lock = threading.RLock()


class NoMockAddress(Exception):
    pass


class Mocker:
    def __init__(self, real_http=False):
        self.real_http = real_http
        self._matchers = {}
        self._last_send = None

    def register_uri(self, url, text):
        self._matchers[url] = text

    def _match(self, request):
        return self._matchers.get(request)

    def start(self):
        self._last_send = Session.send
        mocker = self

        def _fake_send(session, request, **kwargs):
            with _send_lock:
                resp = mocker._match(request)
                if resp is not None:
                    return resp
                if not mocker.real_http:
                    raise NoMockAddress(request)
                # fall through to whatever send was installed before us:
                # for a nested mocker that is the outer mocker's _fake_send
                return mocker._last_send(session, request, **kwargs)

        Session.send = _fake_send

    def stop(self):
        Session.send = self._last_send

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()


def main():
    with Mocker() as outer:
        outer.register_uri("http://outer/", "outer text")
        with Mocker(real_http=True) as inner:
            inner.register_uri("http://inner/", "inner text")
            s = Session()
            print(s.send("http://inner/"))
            # not matched by inner -> delegates to outer's _fake_send while
            # re-enters the RLock on the same thread, which is allowed
            print(s.send("http://outer/"))


if __name__ == "__main__":
    main()
