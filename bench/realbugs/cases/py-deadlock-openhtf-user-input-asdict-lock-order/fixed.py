"""Reduction of openhtf/util/data.py SubscribableStateMixin and
openhtf/plugs/user_input.py UserInput after PR #570."""
import threading
import uuid


class SubscribableStateMixin(object):
    def __init__(self):
        super(SubscribableStateMixin, self).__init__()
        self._lock = threading.Lock()
        self._update_event = threading.Event()

    def _asdict(self):
        raise NotImplementedError

    def asdict_with_event(self):
        # Only the event swap needs self._lock; _asdict() may take the
        # subclass's own locks and must not run under it.
        with self._lock:
            update_event = self._update_event
        return self._asdict(), update_event

    def notify_update(self):
        with self._lock:
            old_event = self._update_event
            self._update_event = threading.Event()
        old_event.set()


class Prompt(object):
    def __init__(self, id, message):
        self.id = id
        self.message = message


class UserInput(SubscribableStateMixin):
    def __init__(self):
        super(UserInput, self).__init__()
        self._prompt = None
        self._response = None
        self._cond = threading.Condition(threading.RLock())

    def _asdict(self):
        with self._cond:
            if self._prompt is None:
                return None
            return {"id": self._prompt.id, "message": self._prompt.message}

    def prompt(self, message):
        with self._cond:
            self._prompt = Prompt(uuid.uuid4().hex, message)
            self._response = None
            self.notify_update()
            return self._prompt.id

    def remove_prompt(self):
        self._prompt = None
        self.notify_update()

    def respond(self, prompt_id, response):
        with self._cond:
            if not (self._prompt and self._prompt.id == prompt_id):
                return False
            self._response = response
            self.remove_prompt()
            self._cond.notify_all()
        return True


def station_api_poller(plug, stop):
    # Frontend / station API thread polling the plug state.
    while not stop.is_set():
        plug.asdict_with_event()


def main():
    plug = UserInput()
    stop = threading.Event()
    poller = threading.Thread(target=station_api_poller, args=(plug, stop))
    poller.start()
    for _ in range(1000):
        # Test execution thread answering operator prompts.
        prompt_id = plug.prompt("Press enter")
        plug.respond(prompt_id, "")
    stop.set()
    poller.join()


if __name__ == "__main__":
    main()
