"""starling integrity-backend: one file-watcher process per organization, target is a lambda."""
import multiprocessing
import os
import signal
import sys
import tempfile
import time

ORGANIZATION_CONFIG = {
    "hyphacoop": {"id": "hyphacoop", "collections": {"photos": {"actions": {"archive": {}}}}},
    "starling": {"id": "starling", "collections": {"field": {"actions": {"archive": {}}}}},
}
ASSETS_ROOT = os.path.join(tempfile.gettempdir(), "integrity-assets")

_procs = list()


class AssetHelper:
    def __init__(self, organization_id):
        self.organization_id = organization_id

    def path_for_input(self, collection_id):
        return os.path.join(ASSETS_ROOT, self.organization_id, collection_id, "input")

    def init_dirs(self, org_config):
        for collection_id in org_config.get("collections", {}):
            os.makedirs(self.path_for_input(collection_id), exist_ok=True)


class FsWatcher:
    """Watches directories for file changes."""

    def __init__(self, org_config):
        self.org_config = org_config
        self.organization_id = org_config.get("id")
        self.asset_helper = AssetHelper(self.organization_id)

    @staticmethod
    def init_all(all_org_config):
        """Returns un-started processes containing FsWatcher instances."""
        procs = []
        for org_id, org_config in all_org_config.items():
            procs.append(
                multiprocessing.Process(
                    name=f"fs_watcher_{org_id}",
                    target=lambda: FsWatcher(org_config).watch(),
                )
            )
        return procs

    def watch(self, rounds=3):
        seen = set()
        for _ in range(rounds):
            for collection_id in self.org_config.get("collections", {}):
                path = self.asset_helper.path_for_input(collection_id)
                for name in sorted(os.listdir(path)):
                    if name.endswith(".zip") and name not in seen:
                        seen.add(name)
                        print(f"{self.organization_id}: archive {name}")
            time.sleep(0.1)


def kill_processes(procs):
    for proc in procs:
        if proc.is_alive():
            proc.terminate()


def signal_handler(signum, frame):
    kill_processes(_procs)
    sys.exit(0)


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal_handler)
    for org_id, org_config in ORGANIZATION_CONFIG.items():
        AssetHelper(org_id).init_dirs(org_config)

    _procs = FsWatcher.init_all(ORGANIZATION_CONFIG)
    for proc in _procs:
        proc.start()
    for proc in _procs:
        proc.join()
        print(proc.name, "exit code", proc.exitcode)
