import logging
import multiprocessing
import signal
import time
from multiprocessing import get_context
from queue import Empty
from typing import Any, Optional

logger = logging.getLogger("ifc5d-worker")


def _execute_qto_core(input_file_path, output_file_path):
    # stands in for ifcopenshell.open() + ifc5d quantity take-off on a large model
    qto_results = [
        {"element": "2O2Fr$t4X7Zf8NOew3FL%03d" % i, "qset": "Qto_WallBaseQuantities", "NetVolume": i * 0.25}
        for i in range(4000)
    ]
    return {"element_count": 4000, "qto_result_count": len(qto_results), "qto_results": qto_results}


def _isolated_qto_worker(result_queue, payload: dict) -> None:
    """Top-level spawn entry: isolate ifcopenshell/ifc5d from the rq work-horse."""
    import logging as _logging

    _logging.basicConfig(level=_logging.INFO)
    wlog = _logging.getLogger("ifc5d.isolated_qto")
    try:
        meta = _execute_qto_core(payload["input_file_path"], payload["output_file_path"])
        wlog.info("QTO complete: %d elements, %d results", meta["element_count"], meta["qto_result_count"])
        result_queue.put(("ok", meta))
    except Exception as e:
        import traceback as _tb

        try:
            result_queue.put(("err", f"{type(e).__name__}: {e}\n{_tb.format_exc()}"))
        except Exception:
            pass
        wlog.exception("Isolated QTO worker failed")
        raise


def drain_and_join(proc, q, *, result_timeout: int, operation: str):
    """Read the result queue *before* join(): a large put blocks the child until the pipe is drained."""
    deadline = time.monotonic() + result_timeout
    got, status, data = False, None, None
    while not got and time.monotonic() < deadline:
        try:
            status, data = q.get(timeout=0.5)
            got = True
        except Empty:
            if not proc.is_alive():
                try:
                    status, data = q.get_nowait()
                    got = True
                except Empty:
                    pass
                break
    if not got and proc.is_alive():
        logger.error("%s child sent no result within %ss; terminating", operation, result_timeout)
        proc.terminate()
    proc.join()
    return got, status, data


def _run_in_spawn_isolation(
    worker_target, payload: dict, *, label: str = "default", operation: str = "ifc5d", result_timeout: int = 3600,
) -> dict[str, Any]:
    """Run ifcopenshell work in a spawn subprocess."""
    ctx = get_context("spawn")
    q = ctx.Queue(maxsize=1)
    proc = ctx.Process(target=worker_target, args=(q, payload))
    proc.start()
    got, status, data = drain_and_join(proc, q, result_timeout=result_timeout, operation=operation)
    if not got:
        raise RuntimeError(f"{operation} crashed in isolated subprocess (label={label!r}, exit={proc.exitcode})")
    if status == "ok":
        return data
    raise RuntimeError(f"{operation} isolated worker: {data}")


def calculate_qtos(job: dict) -> dict:
    payload = {"input_file_path": job["input_file"], "output_file_path": job["output_file"]}
    return _run_in_spawn_isolation(_isolated_qto_worker, payload, label=job.get("label", "default"))


class JobTimeout(Exception):
    pass


def _give_up(signum, frame):
    raise JobTimeout("rq job still waiting after 10 s")


if __name__ == "__main__":
    signal.signal(signal.SIGALRM, _give_up)
    signal.alarm(10)
    try:
        meta = calculate_qtos({"input_file": "model.ifc", "output_file": "model_qto.ifc"})
        print("QTO results:", meta["qto_result_count"])
    except JobTimeout as exc:
        print("deadlock:", exc)
        for child in multiprocessing.active_children():
            child.terminate()
    finally:
        signal.alarm(0)
