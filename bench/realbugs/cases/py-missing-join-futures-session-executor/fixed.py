"""A long-running scraper that creates a FuturesSession (and its thread pool) per batch."""
import time
from concurrent.futures import ThreadPoolExecutor


def fetch(url):
    time.sleep(0.01)  # the HTTP request
    return "<html>%s</html>" % url


# --- requests_futures.sessions (third-party library) -------------------------
class FuturesSession:
    def __init__(self, executor=None, max_workers=2):
        if executor is None:
            executor = ThreadPoolExecutor(max_workers=max_workers)
        self.executor = executor

    def get(self, url):
        return self.executor.submit(fetch, url)


# --- the scraper ------------------------------------------------------------------
class Scraper:
    def __init__(self):
        self.pages = {}
        self.sessions = []  # kept for the per-batch statistics report

    def scrape_batch(self, urls):
        session = FuturesSession(max_workers=2)
        self.sessions.append(session)
        try:
            futures = {url: session.get(url) for url in urls}
            for url, future in futures.items():
                self.pages[url] = future.result()
        finally:
            session.executor.shutdown()


if __name__ == "__main__":
    import threading

    scraper = Scraper()
    for batch in range(20):
        scraper.scrape_batch(["https://example.org/%d/%d" % (batch, i) for i in range(4)])
    print(len(scraper.pages), "pages,", threading.active_count() - 1, "idle pool threads left")
