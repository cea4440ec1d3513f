"""IPProxyPool: reduction of validator/Validator.py (validator / process_start),
which IPProxy.py runs as the long-lived checking loop fed by the crawler.

gevent and the HTTP checks are replaced by threads and a short sleep.
"""
import os
import threading
import time
from multiprocessing import Process, Queue


class gevent:  # stand-in for gevent.spawn / gevent.joinall
    @staticmethod
    def spawn(fn, *args):
        g = threading.Thread(target=fn, args=args)
        g.start()
        return g

    @staticmethod
    def joinall(greenlets):
        for g in greenlets:
            g.join()


def validator(queue1, queue2, myip):
    tasklist = []
    while True:
        try:
            # proxy_dict = {'source':'crawl','data':proxy}
            proxy = queue1.get(timeout=10)
            tasklist.append(proxy)
            if len(tasklist) > 500:
                p = Process(target=process_start, args=(tasklist, myip, queue2))
                p.start()
                tasklist = []

        except Exception as e:
            if len(tasklist) > 0:
                p = Process(target=process_start, args=(tasklist, myip, queue2))
                p.start()
                tasklist = []


def process_start(tasks, myip, queue2):
    spawns = []
    for task in tasks:
        spawns.append(gevent.spawn(detect_proxy, myip, task, queue2))
    gevent.joinall(spawns)


def detect_proxy(selfip, proxy, queue2=None):
    '''
    :param proxy: ip字典
    :return:
    '''
    time.sleep(0.05)  # checkProxy(selfip, proxies): two requests through the proxy
    proxy['protocol'] = 0
    if queue2:
        queue2.put(proxy)
    return proxy


def _zombie_children():
    zombies = 0
    for pid in os.listdir('/proc'):
        if not pid.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % pid) as f:
                fields = f.read().rsplit(')', 1)[1].split()
        except OSError:
            continue
        if fields[0] == 'Z' and int(fields[1]) == os.getpid():
            zombies += 1
    return zombies


def main():
    queue1, queue2 = Queue(), Queue()
    threading.Thread(target=validator, args=(queue1, queue2, '127.0.0.1'), daemon=True).start()
    for batch in range(2):  # the crawler delivers two pages of proxies
        for i in range(501):
            queue1.put({'ip': '10.%d.%d.%d' % (batch, i // 256, i % 256), 'port': 8080})
        time.sleep(0.5)
    time.sleep(1.0)
    queue1.put({'ip': '10.9.9.9', 'port': 3128})  # next crawl result arrives
    time.sleep(0.5)
    print('checker processes left unreaped (zombies):', _zombie_children())


if __name__ == '__main__':
    main()
