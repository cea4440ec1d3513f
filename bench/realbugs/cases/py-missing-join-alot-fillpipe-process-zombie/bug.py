"""Reduced from pazz/alot#553: DBManager.async_() starts a FillPipeProcess per
search to stream thread ids into a pipe, but never joins it; each finished
worker stays a zombie until multiprocessing happens to reap it."""
import multiprocessing
import signal


class FillPipeProcess(multiprocessing.Process):
    def __init__(self, it, stdout, stderr, pipe, fun=(lambda x: x)):
        multiprocessing.Process.__init__(self)
        self.it = it
        self.pipe = pipe[1]
        self.fun = fun
        self.keep_going = True
        self.stdout = stdout
        self.stderr = stderr

    def handle_sigterm(self, signo, frame):
        self.keep_going = False
        self.pipe.close()

    def run(self):
        signal.signal(signal.SIGTERM, self.handle_sigterm)
        for a in self.it:
            if not self.keep_going:
                break
            self.pipe.send(self.fun(a))
        self.pipe.close()


class DBManager:
    def __init__(self, path=None):
        self.path = path
        self.processes = []

    def kill_search_processes(self):
        for p in self.processes:
            p.terminate()
        self.processes = []

    def async_(self, cbl, fun):
        (receiver, sender) = multiprocessing.Pipe(False)
        process = FillPipeProcess(cbl(), None, None, (receiver, sender), fun)
        process.start()
        self.processes.append(process)
        sender.close()
        return receiver, process

    def get_threads(self, querystring):
        return self.async_(lambda: iter(range(5)), lambda tid: "thread:%d" % tid)


if __name__ == "__main__":
    db = DBManager()
    for q in ("tag:inbox", "tag:unread"):
        receiver, proc = db.get_threads(q)
        try:
            while True:
                print(q, receiver.recv())
        except EOFError:
            pass
