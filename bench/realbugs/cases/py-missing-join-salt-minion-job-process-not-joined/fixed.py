"""Reduction of salt's salt/minion.py Minion._handle_decoded_payload (after saltstack/salt#11103)."""
import multiprocessing
import os
import sys
import threading
import time


def daemonize_if(opts):
    """salt.utils.daemonize_if: in multiprocessing mode the job process double-forks
    so the actual job runs detached; the first child exits immediately."""
    if not opts.get("multiprocessing", True):
        return
    pid = os.fork()
    if pid > 0:
        os._exit(0)
    os.setsid()


class Minion(object):
    def __init__(self, opts):
        self.opts = opts

    def _handle_decoded_payload(self, data):
        if isinstance(data["fun"], (list, tuple)):
            target = Minion._thread_multi_return
        else:
            target = Minion._thread_return
        instance = self
        if self.opts["multiprocessing"]:
            process = multiprocessing.Process(target=target, args=(instance, self.opts, data))
        else:
            process = threading.Thread(target=target, args=(instance, self.opts, data), name=data["jid"])
        process.start()
        if not sys.platform.startswith("win") and self.opts["multiprocessing"]:
            # the first-stage child exits right after daemonizing; reap it
            process.join()

    @classmethod
    def _thread_return(cls, minion_instance, opts, data):
        daemonize_if(opts)
        ret = {"jid": data["jid"], "return": "%s done" % data["fun"]}
        time.sleep(0.01)
        return ret

    @classmethod
    def _thread_multi_return(cls, minion_instance, opts, data):
        daemonize_if(opts)
        return {"jid": data["jid"], "return": [f + " done" for f in data["fun"]]}


if __name__ == "__main__":
    multiprocessing.set_start_method("fork")
    minion = Minion({"multiprocessing": True})
    for jid in range(20):
        minion._handle_decoded_payload({"fun": "test.ping", "jid": str(jid)})
    time.sleep(0.5)
    os.system("ps -o stat=,pid=,ppid= --ppid %d | grep -c '^Z' || true" % os.getpid())
    sys.exit(0)
