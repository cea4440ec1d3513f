import queue
import threading


class Parallel:
    def __init__(self, f, num_threads=4):
        self.f = f
        self.num_threads = num_threads
        self.q = queue.Queue()
        self.stopping = False
        self.error = None
        self.threads = []
        for _ in range(num_threads):
            t = threading.Thread(target=self._worker, daemon=True)
            t.start()
            self.threads.append(t)

    def _worker(self):
        while not self.stopping:
            task = self.q.get()
            if task is None:
                self.q.task_done()
                break
            try:
                self.f(task)
            except Exception as e:
                self.error = e
                self.stop()
            self.q.task_done()

    def put(self, task):
        self.q.put(task)

    def stop(self):
        if self.stopping:
            return
        self.stopping = True
        for _ in range(self.num_threads):
            self.q.put(None)

    def done(self):
        self.stop()
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
