"""The Registry is a runtime collection of initialized classes (minject, before #26)."""

import logging
import threading
import time
from typing import Dict, Generic, List, Optional, TypeVar

LOG = logging.getLogger(__name__)

T = TypeVar("T")


class _AutoOrNone:
    def __bool__(self):
        return False


AUTO_OR_NONE = _AutoOrNone()


class RegistryMetadata(Generic[T]):
    """Metadata attached to a class by the @inject decorators."""

    def __init__(self, cls, name: Optional[str] = None) -> None:
        self._cls = cls
        self.name = name
        self.interfaces = [cls]

    def _new_object(self) -> T:
        return self._cls.__new__(self._cls)

    def _init_object(self, obj: T, registry: "Registry") -> None:
        obj.__init__()

    def _start_object(self, obj: T) -> None:
        start = getattr(obj, "start", None)
        if start is not None:
            start()


class RegistryWrapper(Generic[T]):
    """Simple wrapper around registered objects for tracking."""

    def __init__(self, obj: T, _meta: Optional[RegistryMetadata[T]] = None) -> None:
        self.obj = obj
        self._meta = _meta

    def start(self) -> None:
        if not getattr(self, "_started", False) and self._meta:
            self._meta._start_object(self.obj)
        self._started = True


def _unwrap(wrapper: Optional[RegistryWrapper[T]]) -> Optional[T]:
    return wrapper.obj if wrapper else None


class Registry:
    """Tracks and manages registered object instances."""

    def __init__(self) -> None:
        self._objects: List[RegistryWrapper] = []
        self._by_meta: Dict[RegistryMetadata, RegistryWrapper] = {}
        self._by_name: Dict[str, RegistryWrapper] = {}
        self._by_iface: Dict[type, List[RegistryWrapper]] = {}

    def _set_by_metadata(self, meta: RegistryMetadata[T], obj: T, _global: bool = True) -> RegistryWrapper[T]:
        wrapper = RegistryWrapper(obj, meta)
        if _global:
            self._objects.append(wrapper)
        if meta.name:
            self._by_name[meta.name] = wrapper
        else:
            self._by_meta[meta] = wrapper
        if meta.interfaces:
            for iface in meta.interfaces:
                obj_list = self._by_iface.setdefault(iface, [])
                obj_list.append(wrapper)
        return wrapper

    def _remove_by_metadata(self, meta: RegistryMetadata[T], wrapper: RegistryWrapper[T]) -> None:
        if meta.name:
            del self._by_name[meta.name]
        else:
            del self._by_meta[meta]

    def _register_by_metadata(self, meta: RegistryMetadata[T]) -> RegistryWrapper[T]:
        LOG.debug("registering %s", meta)
        # allocate the object (but don't initialize yet)
        obj = meta._new_object()
        # add to the registry (done before init in case of circular reference)
        wrapper = self._set_by_metadata(meta, obj, _global=False)
        success = False
        try:
            meta._init_object(obj, self)
            self._objects.append(wrapper)
            wrapper.start()
            success = True
        finally:
            if not success:
                self._remove_by_metadata(meta, wrapper)
        return wrapper

    def _get_by_metadata(self, meta: RegistryMetadata[T], default=AUTO_OR_NONE) -> Optional[RegistryWrapper[T]]:
        # see if a metadata name is provided
        if meta.name:
            if meta.name in self._by_name:
                return self._by_name[meta.name]
        else:
            if meta in self._by_meta:
                return self._by_meta[meta]

        if default is AUTO_OR_NONE:
            return self._register_by_metadata(meta)
        elif default is not None:
            return RegistryWrapper(default)
        return None

    def get(self, key, default=None):
        meta = key.__meta__
        # TODO: we need to lock!!!!
        return _unwrap(self._get_by_metadata(meta, default))

    def __getitem__(self, key):
        obj = self.get(key, default=AUTO_OR_NONE)
        if obj is None or obj is AUTO_OR_NONE:
            raise KeyError(key)
        return obj


class Database:
    instances = 0

    def __init__(self) -> None:
        time.sleep(0.05)  # opening a connection pool
        Database.instances += 1


Database.__meta__ = RegistryMetadata(Database)


def main() -> None:
    registry = Registry()
    threads = [threading.Thread(target=lambda: registry[Database]) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("Database constructed", Database.instances, "times; registry holds", len(registry._objects))


if __name__ == "__main__":
    main()
