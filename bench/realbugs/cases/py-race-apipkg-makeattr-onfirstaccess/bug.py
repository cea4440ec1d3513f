import importlib
import threading
from types import ModuleType


def importobj(modpath, attrname):
    module = importlib.import_module(modpath)
    if not attrname:
        return module
    retval = module
    for name in attrname.split("."):
        retval = getattr(retval, name)
    return retval


class ApiModule(ModuleType):
    def __init__(self, name, importspec):
        super().__init__(name)
        self.__map__ = {}
        for attr, spec in importspec.items():
            modpath, _, attrname = spec.partition(":")
            self.__map__[attr] = (modpath, attrname)

    def __makeattr(self, name):
        target = None
        if "__onfirstaccess__" in self.__map__:
            target = self.__map__.pop("__onfirstaccess__")
            importobj(*target)()
        try:
            modpath, attrname = self.__map__[name]
        except KeyError:
            raise AttributeError(name)
        else:
            result = importobj(modpath, attrname)
            setattr(self, name, result)
            try:
                del self.__map__[name]
            except KeyError:
                pass
            return result

    __getattr__ = __makeattr


def main():
    mod = ApiModule("lazyapi", {"path": "os:path", "dumps": "json:dumps",
                                "__onfirstaccess__": "gc:collect"})
    errors = []

    def worker():
        try:
            mod.path
            mod.dumps
        except AttributeError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("errors:", errors)


if __name__ == "__main__":
    main()
