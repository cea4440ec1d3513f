"""Reduced from nvme-stas staslib: the Singleton metaclass used by
NvmeOptions, SvcConf and NbftConf."""
import threading
import time


class Singleton(type):
    """Metaclass that makes each class using it a process-wide singleton."""

    _instances = {}

    def __call__(cls, *args, **kwargs):
        if cls not in cls._instances:
            instance = super(Singleton, cls).__call__(*args, **kwargs)
            cls._instances[cls] = instance
        return cls._instances[cls]


class NvmeOptions(metaclass=Singleton):
    """Probes /dev/nvme-fabrics for the options supported by the kernel."""

    def __init__(self):
        time.sleep(0.01)  # opening and parsing /dev/nvme-fabrics
        self.options = {'host_iface': True, 'dhchap_secret': True}


class SvcConf(metaclass=Singleton):
    """Reads the service configuration file."""

    def __init__(self, conf_file='/etc/stas/stafd.conf'):
        time.sleep(0.01)  # reading the config file
        self.conf_file = conf_file
        self.reload_count = 0


def worker(results, idx):
    conf = SvcConf()
    results[idx] = id(conf)


def main():
    results = [None] * 8
    threads = [threading.Thread(target=worker, args=(results, i)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print('distinct SvcConf instances:', len(set(results)))
    print('nvme options:', NvmeOptions().options)


if __name__ == '__main__':
    main()
