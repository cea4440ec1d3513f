"""Reduced from lkhq/laniakea: the archive-expire job takes the
archive_expire-{repo} lock and then, per suite, publish_{repo}-{suite};
the autosync job takes publish_{repo}-{suite} first and then
archive_expire-{repo}. Run concurrently, they deadlock."""
import threading

_locks = {}
_registry_lock = threading.Lock()


def named_lock(name):
    with _registry_lock:
        if name not in _locks:
            _locks[name] = threading.Lock()
        return _locks[name]


def expire_job(repo, suites):
    with named_lock(f"archive_expire-{repo}"):
        for suite in suites:
            with named_lock(f"publish_{repo}-{suite}"):
                print(f"expiring {repo}/{suite}")


def autosync_job(repo, suite):
    with named_lock(f"publish_{repo}-{suite}"):
        print(f"importing packages into {repo}/{suite}")
        with named_lock(f"archive_expire-{repo}"):
            print(f"cleaning up {repo}")


def main():
    repo, suites = "master", ["unstable", "testing"]
    t1 = threading.Thread(target=expire_job, args=(repo, suites))
    t2 = threading.Thread(target=autosync_job, args=(repo, "testing"))
    t1.start()
    t2.start()
    t1.join()
    t2.join()


if __name__ == "__main__":
    main()
