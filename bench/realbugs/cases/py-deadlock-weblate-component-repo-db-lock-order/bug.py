import threading
import time


class Repository:
    def __init__(self, path):
        self.path = path
        self.lock = threading.RLock()

    def update_remote(self):
        time.sleep(0.01)

    def commit_pending(self, author):
        time.sleep(0.01)
        return True


class Component:
    def __init__(self, slug):
        self.slug = slug
        self.repository = Repository("/var/lib/weblate/vcs/" + slug)
        # protects database-side state such as the translation list
        self.lock = threading.RLock()
        self.translations = []

    @property
    def repository_lock(self):
        return self.repository.lock

    def do_update(self):
        """Pull from upstream and reload translations."""
        with self.repository_lock:
            self.repository.update_remote()
            with self.lock:
                self.translations = ["cs", "de"]

    def commit_pending(self, reason):
        """Commit changes stored in the database to the repository."""
        with self.lock:
            pending = list(self.translations)
            with self.repository_lock:
                for code in pending:
                    self.repository.commit_pending(code)


def run():
    component = Component("hello")
    a = threading.Thread(target=lambda: [component.do_update() for _ in range(50)])
    b = threading.Thread(target=lambda: [component.commit_pending("api") for _ in range(50)])
    a.start()
    b.start()
    a.join()
    b.join()


if __name__ == "__main__":
    run()
