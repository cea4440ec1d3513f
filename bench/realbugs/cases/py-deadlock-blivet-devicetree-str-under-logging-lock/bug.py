"""Reduced from storaged-project/blivet blivet/threads.py + blivet/devicetree.py (3.10): DeviceTree under SynchronizedMeta."""
import logging
import sys
import threading
from functools import wraps
from threading import RLock
from types import FunctionType

log = logging.getLogger("blivet")

blivet_lock = RLock()


def exclusive(m):
    """ Run a callable while holding the global lock. """
    @wraps(m)
    def run_with_lock(*args, **kwargs):
        with blivet_lock:
            return m(*args, **kwargs)

    return run_with_lock


class SynchronizedMeta(type):
    """ Metaclass that wraps all methods and properties with the global lock. """
    def __new__(cls, name, bases, dct):
        new_dct = {}
        blacklist = dct.get('_unsynchronized_methods', [])

        for n in dct:
            obj = dct[n]
            if n in blacklist:
                pass
            elif isinstance(obj, FunctionType):
                obj = exclusive(obj)
            elif isinstance(obj, property):
                obj = property(exclusive(obj.fget), obj.fset, obj.fdel, obj.__doc__)

            new_dct[n] = obj

        return super(SynchronizedMeta, cls).__new__(cls, name, bases, new_dct)


class StorageDevice(object):
    def __init__(self, name, size):
        self.name = name
        self.size = size

    def __str__(self):
        return "%s (%d MiB)" % (self.name, self.size)


class DeviceTreeBase(object, metaclass=SynchronizedMeta):
    _unsynchronized_methods = []

    def __init__(self):
        self._devices = []

    def __str__(self):
        done = []
        tree_str = ""
        for device in self._devices:
            if device in done:
                continue
            tree_str += "%s\n" % device
            done.append(device)
        return tree_str

    @property
    def devices(self):
        return self._devices[:]

    def _add_device(self, newdev):
        self._devices.append(newdev)
        log.info("added %s (id %d) to device tree", newdev.name, id(newdev))

    def get_device_by_name(self, name, incomplete=False, hidden=False):
        log.debug("looking for device '%s'...", name)
        result = None
        for device in self._devices:
            if device.name == name:
                result = device
                break
        log.debug("found %s", result)
        return result


def device_matches(spec, devicetree=None, disks_only=False):
    """ Return names of block devices matching the provided specification. """
    log.debug("device_matches(%s, devicetree=%s, disks_only=%s)", spec, devicetree, disks_only)
    names = [d.name for d in devicetree.devices if d.name.startswith(spec)]
    return sorted(names)


def storage_service(tree, rounds):
    for i in range(rounds):
        tree.get_device_by_name("sda%d" % (i % 4))


def partitioning_task(tree, rounds):
    for _ in range(rounds):
        device_matches("sd", devicetree=tree)


def main():
    handler = logging.StreamHandler(sys.stderr)
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)

    tree = DeviceTreeBase()
    for i in range(4):
        tree._add_device(StorageDevice("sda%d" % i, 1024 * (i + 1)))

    workers = [threading.Thread(target=storage_service, args=(tree, 2000), daemon=True),
               threading.Thread(target=partitioning_task, args=(tree, 2000), daemon=True)]
    for t in workers:
        t.start()
    for t in workers:
        t.join(timeout=10)
    print("hung" if any(t.is_alive() for t in workers) else "done")


if __name__ == "__main__":
    main()
