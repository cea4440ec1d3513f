# loguru/_handler.py + loguru/_locks_machinery.py + loguru/_logger.py (reduced, loguru 0.6.0)
import sys
import threading


def create_handler_lock():
    return threading.Lock()


class StreamSink:
    def __init__(self, stream):
        self._stream = stream

    def write(self, message):
        self._stream.write(message)
        self._stream.flush()


class Handler:
    def __init__(self, *, sink, name, levelno, formatter, enqueue=False):
        self._name = name
        self._sink = sink
        self._levelno = levelno
        self._formatter = formatter
        self._enqueue = enqueue
        self._stopped = False
        self._lock = create_handler_lock()

    def emit(self, record, level_id, from_decorator, is_raw, colored_message):
        try:
            if self._levelno > record["level"]:
                return
            formatted = self._formatter.format_map(record)
            str_record = formatted + "\n"

            with self._lock:
                if self._stopped:
                    return
                if self._enqueue:
                    raise NotImplementedError
                else:
                    self._sink.write(str_record)
        except Exception:
            sys.stderr.write("--- Logging error in Loguru Handler #%s ---\n" % self._name)


class Core:
    def __init__(self):
        self.handlers = {}


class Logger:
    def __init__(self, core):
        self._core = core

    def add(self, sink, level=20, format="{message}"):
        handler_id = len(self._core.handlers)
        self._core.handlers[handler_id] = Handler(
            sink=StreamSink(sink), name=str(handler_id), levelno=level, formatter=format
        )
        return handler_id

    def _log(self, level_id, levelno, message):
        record = {"level": levelno, "message": message}
        for handler in self._core.handlers.values():
            handler.emit(record, level_id, False, False, None)

    def info(self, message):
        self._log("INFO", 20, message)


logger = Logger(Core())


class Connection:
    """A user object that logs when the garbage collector finalizes it."""

    def __init__(self):
        self.cycle = self  # only reclaimable by the cyclic GC

    def __del__(self):
        logger.info("Connection closed")
