"""Reduced from official-stockfish/fishtest PR #1615 (flag cache shared by request threads)."""
import threading
import time


class RunDb:
    def __init__(self):
        self.flag_cache = {}

    def lookup_country(self, ip: str) -> str:
        time.sleep(0.001)  # GeoIP request in the real server
        return "nl" if ip.endswith("1") else "us"

    def get_flag(self, ip: str):
        flag = self.flag_cache.get(ip)
        if flag is not None and (flag["dt"] is None or time.time() - flag["dt"] < 3600):
            return flag["cc"]
        # cache miss: publish an empty entry, then fill it in
        clean_flag_data = {"cc": None, "dt": None}
        self.flag_cache[ip] = clean_flag_data
        cc = self.lookup_country(ip)
        self.flag_cache[ip]["cc"] = cc
        self.flag_cache[ip]["dt"] = time.time()
        return cc


def request_thread(rundb: RunDb, ip: str, out: list):
    for _ in range(50):
        out.append(rundb.get_flag(ip))


def main():
    rundb = RunDb()
    out = []
    # waitress serves requests from a pool of threads sharing one RunDb
    threads = [threading.Thread(target=request_thread, args=(rundb, "127.0.0.1", out)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(out.count(None), len(out))


if __name__ == "__main__":
    main()
