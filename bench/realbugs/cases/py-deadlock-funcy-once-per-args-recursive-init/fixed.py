"""funcy: a function decorated with @once_per_args that initialises a dependency through itself deadlocks."""
import inspect
import threading
from collections.abc import Hashable
from functools import wraps


def arggetter(func):
    names = list(inspect.signature(func).parameters)

    def get_arg(name, args, kwargs):
        if name in kwargs:
            return kwargs[name]
        return args[names.index(name)]
    return get_arg


def once_per(*argnames):
    """Call function only once for every combination of the given arguments."""

    def once(func):
        lock = threading.RLock()
        done_set = set()
        done_list = list()

        get_arg = arggetter(func)

        @wraps(func)
        def wrapper(*args, **kwargs):
            with lock:
                values = tuple(get_arg(name, args, kwargs) for name in argnames)
                if isinstance(values, Hashable):
                    done, add = done_set, done_set.add
                else:
                    done, add = done_list, done_list.append

                if values not in done:
                    add(values)
                    return func(*args, **kwargs)
        return wrapper
    return once


def once_per_args(func):
    """Call function once for every combination of values of its arguments."""
    return once_per(*inspect.signature(func).parameters)(func)


initialized = []


@once_per_args
def initialize(component):
    if component == "app":
        initialize("storage")
    initialized.append(component)


if __name__ == "__main__":
    t = threading.Thread(target=initialize, args=("app",), daemon=True)
    t.start()
    t.join(timeout=1)
    print("deadlocked" if t.is_alive() else "ok", initialized)
