"""harbor-vulnerabilities-exporter: reduction of the Prometheus collector.

collect() fans the per-project work out to a ThreadPoolExecutor.  The
exporter's HTTP server serves every scrape in its own thread, so two
scrapes can run collect() at the same time.
"""
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed


class HarborClient:
    def projects(self):
        return ["library", "infra", "ml", "web"]

    def artifacts(self, project):
        time.sleep(0.01)
        return [("%s/app-%d" % (project, i), i % 5) for i in range(20)]


class HarborVulnerabilityCollector:
    def __init__(self, client, workers=8):
        self.client = client
        self.executor = ThreadPoolExecutor(max_workers=workers)

    def _collect_project(self, project):
        samples = []
        for repository, critical in self.client.artifacts(project):
            sample = ("harbor_vulnerabilities_critical",
                      {"project": project, "repository": repository}, critical)
            samples.append(sample)
        return samples

    def collect(self):
        # each worker returns its samples; no shared mutable state
        futures = [self.executor.submit(self._collect_project, p)
                   for p in self.client.projects()]
        metrics = []
        for future in as_completed(futures):
            metrics.extend(future.result())
        return metrics


def scrape(collector, out):
    out.append(len(collector.collect()))


if __name__ == "__main__":
    collector = HarborVulnerabilityCollector(HarborClient())
    sizes = []
    scrapers = [threading.Thread(target=scrape, args=(collector, sizes))
                for _ in range(3)]
    for t in scrapers:
        t.start()
    for t in scrapers:
        t.join()
    print("samples per scrape:", sizes, "expected 80 each")
    collector.executor.shutdown()
