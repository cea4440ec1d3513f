"""pymeasure experiment: Worker.shutdown() only enqueues the Recorder sentinel, never joining its thread."""
import logging
import multiprocessing
import tempfile
from logging import FileHandler
from logging.handlers import QueueListener

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

context = multiprocessing.get_context()


class StoppableProcess(context.Process):
    """Base class for Processes which require the ability to be stopped by a process-safe method call."""

    def __init__(self):
        super().__init__()
        self._should_stop = context.Event()
        self._should_stop.clear()

    def stop(self):
        self._should_stop.set()

    def should_stop(self):
        return self._should_stop.is_set()


class Procedure:
    QUEUED, RUNNING, FAILED, ABORTED, FINISHED = range(5)

    def __init__(self):
        self.status = Procedure.QUEUED

    def execute(self):
        for i in range(100):
            self.emit('results', {'Iteration': i, 'Voltage': 0.1 * i})

    def shutdown(self):
        pass


class Results:
    def __init__(self, procedure, data_filename):
        self.procedure = procedure
        self.data_filenames = [data_filename]
        self.formatter = logging.Formatter("%(Iteration)s,%(Voltage)s")


class Recorder(QueueListener):
    """Recorder loads the initial Results for a filepath and appends data by listening for it over a queue."""

    def __init__(self, results, queue, **kwargs):
        handlers = []
        for filename in results.data_filenames:
            fh = FileHandler(filename=filename, **kwargs)
            fh.setFormatter(results.formatter)
            fh.setLevel(logging.NOTSET)
            handlers.append(fh)
        super().__init__(queue, *handlers)

    def stop(self):
        for handler in self.handlers:
            handler.close()
        super().stop()


class Worker(StoppableProcess):
    """Worker runs the procedure; in a child thread, a Recorder writes the results to file."""

    def __init__(self, results):
        super().__init__()
        self.results = results
        self.procedure = self.results.procedure
        self.recorder = None
        self.recorder_queue = context.Queue()
        self.monitor_queue = context.Queue()

    def emit(self, topic, record):
        if topic == 'results':
            self.recorder.handle(logging.makeLogRecord(record))
        elif topic == 'status' or topic == 'progress':
            self.monitor_queue.put((topic, record))

    def update_status(self, status):
        self.procedure.status = status
        self.emit('status', status)

    def shutdown(self):
        self.procedure.shutdown()
        if self.should_stop() and self.procedure.status == Procedure.RUNNING:
            self.update_status(Procedure.ABORTED)
        elif self.procedure.status == Procedure.RUNNING:
            self.update_status(Procedure.FINISHED)
            self.emit('progress', 100.)
        self.recorder.enqueue_sentinel()
        self.monitor_queue.put(None)

    def run(self):
        self.recorder = Recorder(self.results, self.recorder_queue)
        self.recorder.start()
        self.procedure.emit = self.emit
        self.update_status(Procedure.RUNNING)
        try:
            self.procedure.execute()
        except Exception:
            log.exception("Worker caught an error on %r", self.procedure)
            self.update_status(Procedure.FAILED)
        finally:
            self.shutdown()
            self.stop()


if __name__ == '__main__':
    data = tempfile.NamedTemporaryFile(suffix='.csv', delete=False).name
    worker = Worker(Results(Procedure(), data))
    worker.start()
    worker.join()
    with open(data) as f:
        print("rows written:", sum(1 for _ in f))
