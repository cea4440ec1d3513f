"""Celery app finalization (celery/app/base.py, reduced): tasks registry built under a mutex."""
import threading
from collections import deque
from functools import cached_property


class Signal:
    """Minimal celery.utils.dispatch.Signal: receivers run synchronously in send()."""

    def __init__(self, name):
        self.name = name
        self.receivers = []

    def connect(self, fun):
        self.receivers.append(fun)
        return fun

    def send(self, sender, **named):
        return [(r, r(sender=sender, **named)) for r in self.receivers]


class TaskRegistry(dict):
    def register(self, task):
        self[task.name] = task


class Task:
    def __init__(self, name, fun):
        self.name = name
        self.run = fun
        self.app = None

    def bind(self, app):
        self.app = app


def maybe_evaluate(promise):
    return promise()


class Celery:
    def __init__(self, main=None, autofinalize=True):
        self.main = main
        self.autofinalize = autofinalize
        self.finalized = False
        self._pending = deque()
        self._tasks = TaskRegistry()
        self._finalize_mutex = threading.Lock()
        self.on_after_finalize = Signal("app.on_after_finalize")

    def task(self, fun):
        def _register():
            self._tasks.register(Task(f"{self.main}.{fun.__name__}", fun))
        self._pending.append(_register)
        return fun

    def finalize(self, auto=False):
        """Finalize the app."""
        with self._finalize_mutex:
            if not self.finalized:
                if auto and not self.autofinalize:
                    raise RuntimeError("Contract breach: app not finalized")
                self.finalized = True

                pending = self._pending
                while pending:
                    maybe_evaluate(pending.popleft())

                for task in self._tasks.values():
                    task.bind(self)

                self.on_after_finalize.send(sender=self)

    @cached_property
    def tasks(self):
        """Task registry (finalizes the app on first access)."""
        self.finalize(auto=True)
        return self._tasks


app = Celery("proj")


@app.task
def add(x, y):
    return x + y


@app.on_after_finalize.connect
def setup_periodic_tasks(sender, **kwargs):
    # user code from the docs: look the task up in the registry
    print("scheduling", sender.tasks["proj.add"].name)


if __name__ == "__main__":
    t = threading.Thread(target=app.finalize, daemon=True)
    t.start()
    t.join(timeout=2)
    print("finalize hung (deadlock)" if t.is_alive() else "finalized")
