import threading


class CX(Exception):
    pass


class Collection:
    def __init__(self):
        self.listing = {}
        self.lock = threading.Lock()

    def find(self, name=None, return_list=False, no_errors=False, **kargs):
        matches = []
        if name is not None:
            kargs["name"] = name
        if len(kargs) == 0:
            raise CX("calling find with no arguments")
        # performance: if the only key is name we can skip the whole loop
        if len(kargs) == 1 and "name" in kargs and not return_list:
            return self.listing.get(kargs["name"].lower(), None)
        for (name, obj) in self.listing.items():
            if obj.find_match(kargs, no_errors=no_errors):
                matches.append(obj)
        if not return_list:
            return matches[0] if matches else None
        return matches

    def add(self, ref, save=False):
        self.lock.acquire()
        try:
            self.listing[ref.name.lower()] = ref
        finally:
            self.lock.release()
        return True


class BootAPI:
    def __init__(self):
        self._systems = Collection()

    def systems(self):
        return self._systems

    def find_items(self, what, criteria=None):
        items = self.systems()
        return items.find(return_list=True, no_errors=False, **criteria)


class System:
    def __init__(self, api, name):
        self.api = api
        self.name = name
        self.mac_address = None

    def find_match(self, kwargs, no_errors=False):
        return all(getattr(self, k, None) == v for k, v in kwargs.items())

    def set_mac_address(self, address, interface):
        matched = self.api.find_items("system", {"mac_address": address})
        for x in matched:
            if x.name != self.name:
                raise CX("MAC address duplicated: %s" % address)
        self.mac_address = address
        return True


class CobblerXMLRPCInterface:
    """Each XMLRPC request is served on its own thread (ThreadingMixIn)."""

    def __init__(self, api):
        self.api = api

    def register_new_system(self, info):
        obj = System(self.api, info["name"])
        for iname, mac in info["interfaces"].items():
            obj.set_mac_address(mac, iname)
        self.api.systems().add(obj, save=True)
        return 0


if __name__ == "__main__":
    remote = CobblerXMLRPCInterface(BootAPI())
    errors = []

    def client(n):
        for i in range(150):
            info = {"name": "node-%d-%d" % (n, i), "interfaces": {"eth0": "52:54:%02x:%04x" % (n, i)}}
            try:
                remote.register_new_system(info)
            except RuntimeError as e:  # <Fault 1: "dictionary changed size during iteration">
                errors.append(e)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("registrations failed with RuntimeError:", len(errors))
