import threading


class Parallel:
    def __init__(self, f, num_threads=4):
        self.f = f
        self.num_threads = num_threads
        self.mutex = threading.Lock()
        self.todo = threading.Condition(self.mutex)
        self.tasks = []
        self.abort = False
        self.finish = False
        self.error = None
        self.threads = []
        for _ in range(num_threads):
            t = threading.Thread(target=self._worker, daemon=True)
            t.start()
            self.threads.append(t)

    def _worker(self):
        while True:
            with self.mutex:
                self.todo.wait_for(lambda: self.tasks or self.abort or self.finish)
                if self.abort or not self.tasks:
                    return
                task = self.tasks.pop(0)
            try:
                self.f(task)
            except Exception as e:
                with self.mutex:
                    if self.error is None:
                        self.error = e
                    self.abort = True
                    self.todo.notify_all()

    def put(self, task):
        with self.mutex:
            if self.abort:
                return
            self.tasks.append(task)
            self.todo.notify()

    def stop(self):
        with self.mutex:
            self.abort = True
            self.todo.notify_all()

    def done(self):
        with self.mutex:
            self.finish = True
            self.todo.notify_all()
        for t in self.threads:
            t.join()
        if self.error is not None:
            raise self.error


def run(task):
    if task % 7 == 3:
        raise ValueError("bad testcase %d" % task)


def main():
    p = Parallel(run)
    for i in range(40):
        p.put(i)
    try:
        p.done()
    except ValueError as e:
        print("failed:", e)


if __name__ == "__main__":
    main()
