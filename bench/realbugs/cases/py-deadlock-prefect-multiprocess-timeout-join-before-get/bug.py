"""Prefect 0.15: reduction of prefect/utilities/executors.py.

run_with_multiprocess_timeout() runs a task function in a spawned process and
ships the (pickled) result back through a multiprocessing Queue.
cloudpickle is replaced by the stdlib pickle here.
"""
import multiprocessing
import pickle
import time


def multiprocessing_safe_run_and_retrieve(queue, payload):
    request = pickle.loads(payload)
    fn = request["fn"]
    try:
        value = fn(*request["args"], **request["kwargs"])
        result = {"result": value}
    except Exception as exc:
        result = {"error": exc}
    queue.put(pickle.dumps(result))


def run_with_multiprocess_timeout(fn, *args, timeout=None, **kwargs):
    """Run fn in a separate process, raising TimeoutError after `timeout`."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    request = {"fn": fn, "args": args, "kwargs": kwargs}
    payload = pickle.dumps(request)

    run_process = ctx.Process(
        target=multiprocessing_safe_run_and_retrieve, args=(queue, payload)
    )
    run_process.start()
    # The child cannot exit until its queue feeder thread has flushed the
    # result into the pipe, and nobody reads the pipe until after this join.
    run_process.join(timeout)
    run_process.terminate()

    if not queue.empty():
        result = pickle.loads(queue.get())
        if "error" in result:
            raise result["error"]
        return result["result"]
    raise TimeoutError(f"Execution timed out after {timeout} seconds")


def build_report(rows):
    # A task whose result is bigger than the pipe buffer (64 KiB on Linux).
    return [("row-%d" % i) * 20 for i in range(rows)]


if __name__ == "__main__":
    start = time.monotonic()
    try:
        report = run_with_multiprocess_timeout(build_report, 20000, timeout=30)
        print("rows:", len(report))
    except TimeoutError as exc:
        print("task failed:", exc, "after %.1fs" % (time.monotonic() - start))
