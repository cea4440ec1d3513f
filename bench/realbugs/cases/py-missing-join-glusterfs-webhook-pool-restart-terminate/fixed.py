# glusterfs: events/src/utils.py (WebhookThreadPool) + events/src/glustereventsd.py
# (SIGUSR2 reload handler)
import json
import multiprocessing
import os
import signal
import time
from queue import Queue
from threading import Thread
from urllib import request

_webhooks = {"http://127.0.0.1:9/listen": {"token": "", "secret": None}}
webhooks_pool = None


def publish_to_webhook(url, token, secret, message_queue):
    while True:
        event_type, event_ts, message_json = message_queue.get()
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = "Bearer " + token
        req = request.Request(url, data=message_json.encode(), headers=headers)
        try:
            request.urlopen(req, timeout=10).close()
        except OSError:
            pass


def webhook_monitor(proc_queue, webhooks):
    queues = {}
    for url, data in webhooks.items():
        queues[url] = Queue()
        t = Thread(target=publish_to_webhook,
                   args=(url, data["token"], data["secret"], queues[url]))
        t.start()

    # Get the message sent to Process queue and distribute to all thread queues
    while True:
        message = proc_queue.get()
        for _, q in queues.items():
            q.put(message)


class WebhookThreadPool(object):
    def start(self):
        # Seperate process to emit messages to webhooks which maintains one
        # thread per webhook. Python threads can't be stopped, so on reload the
        # process is terminated and started again.
        self.queue = multiprocessing.Queue()
        self.proc = multiprocessing.Process(target=webhook_monitor,
                                            args=(self.queue, _webhooks))
        self.proc.start()

    def restart(self):
        # In transit messages are skipped, since webhooks monitor process
        # is terminated.
        self.proc.terminate()
        self.proc.join()
        self.start()

    def send(self, event_type, event_ts, message):
        self.queue.put((event_type, event_ts, message))


def init_webhook_pool():
    global webhooks_pool
    webhooks_pool = WebhookThreadPool()
    webhooks_pool.start()


def restart_webhook_pool():
    global webhooks_pool
    if webhooks_pool is not None:
        webhooks_pool.restart()


def plugin_webhook(message):
    webhooks_pool.send(message["event"], message["ts"], json.dumps(message))


def signal_handler_sigusr2(sig, frame):
    # glustereventsd: `gluster-eventsapi reload` sends SIGUSR2
    restart_webhook_pool()


if __name__ == "__main__":
    signal.signal(signal.SIGUSR2, signal_handler_sigusr2)
    init_webhook_pool()
    old = []
    for _ in range(3):
        old.append(webhooks_pool.proc.pid)
        os.kill(os.getpid(), signal.SIGUSR2)
        time.sleep(0.3)
    states = []
    for pid in old:
        try:
            with open("/proc/%d/stat" % pid) as f:
                states.append(f.read().split(")")[1].split()[0])
        except OSError:
            states.append("gone")
    print("previous monitor processes:", states)
    webhooks_pool.proc.terminate()
    webhooks_pool.proc.join(5)
