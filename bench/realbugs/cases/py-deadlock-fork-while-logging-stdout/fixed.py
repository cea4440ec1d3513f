"""kubeless Python runtime: a threaded WSGI server that forks one Process per call."""
import logging
import multiprocessing
import queue
import sys
from concurrent.futures import ThreadPoolExecutor

timeout = 3
# Never fork a multi-threaded server: start function processes from a clean interpreter.
mp_context = multiprocessing.get_context("spawn")


def func(event, context):  # the user's function, loaded with importlib upstream
    return "hello %s" % event["data"]


def funcWrap(q, event, c):
    try:
        q.put(func(event, c))
    except Exception as inst:
        q.put(inst)


def handler(request):
    event = {"data": request, "event-type": "application/json"}
    function_context = {"function-name": "hello", "timeout": timeout}
    q = mp_context.Queue()
    p = mp_context.Process(target=funcWrap, args=(q, event, function_context))
    p.start()
    try:
        res = q.get(block=True, timeout=timeout)
    except queue.Empty:
        p.terminate()
        p.join()
        return "408 Timeout while processing the function"
    p.join()
    return res


class WSGILogger:
    """wsgi-request-logger: one access-log line per request, written to sys.stdout."""

    def __init__(self, app, handlers):
        self.app = app
        self.logger = logging.getLogger("requestlogger")
        self.logger.setLevel(logging.INFO)
        for h in handlers:
            self.logger.addHandler(h)

    def __call__(self, request):
        body = self.app(request)
        self.logger.info('"GET / HTTP/1.1" 200 %d', len(str(body)))
        return body


if __name__ == "__main__":
    loggedapp = WSGILogger(handler, [logging.StreamHandler(stream=sys.stdout)])
    with ThreadPoolExecutor(max_workers=8) as server:  # cherrypy's worker threads
        results = list(server.map(loggedapp, ["req%d" % i for i in range(40)]))
    print(sum(r.startswith("408") for r in results), "timeouts")
