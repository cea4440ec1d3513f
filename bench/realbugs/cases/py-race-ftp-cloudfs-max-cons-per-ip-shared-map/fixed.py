# Reduced from chmouel/ftp-cloudfs (ftpcloudfs/server.py + main.py, MPFTPServer)
import multiprocessing


class ObjectStorageFtpHandler:
    """One FTP session. The server runs several worker processes; the
    per-IP connection counts live in a Manager dict shared by all of them."""

    max_cons_per_ip = 2
    shared_ip_map = None
    shared_lock = None

    def __init__(self, remote_ip):
        self.remote_ip = remote_ip
        self.accepted = False

    def handle(self):
        if self.max_cons_per_ip:
            with self.shared_lock:
                count = self.shared_ip_map.get(self.remote_ip, 0) + 1
                self.shared_ip_map[self.remote_ip] = count
            if count > self.max_cons_per_ip:
                self.respond("421 Too many connections from the same IP address.")
                self.close()
                return
        self.accepted = True

    def handle_close(self):
        if self.max_cons_per_ip:
            with self.shared_lock:
                count = self.shared_ip_map.get(self.remote_ip, 1) - 1
                if count <= 0:
                    self.shared_ip_map.pop(self.remote_ip, None)
                else:
                    self.shared_ip_map[self.remote_ip] = count

    def respond(self, line):
        print(line)

    def close(self):
        self.handle_close()


def worker(ip_map, lock, ip, results):
    ObjectStorageFtpHandler.shared_ip_map = ip_map
    ObjectStorageFtpHandler.shared_lock = lock
    handler = ObjectStorageFtpHandler(ip)
    handler.handle()
    results.append(handler.accepted)


def main():
    manager = multiprocessing.Manager()
    ip_map = manager.dict()
    lock = manager.Lock()
    results = manager.list()
    procs = [multiprocessing.Process(target=worker, args=(ip_map, lock, "10.0.0.1", results))
             for _ in range(8)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    print("accepted %d connections (limit %d)" % (sum(results), ObjectStorageFtpHandler.max_cons_per_ip))


if __name__ == "__main__":
    main()
