"""ml-compiler-opt local_worker_manager: the message pump resolves futures while holding the stub lock."""
import concurrent.futures
import dataclasses
import functools
import multiprocessing
import queue
import threading
from typing import Any


@dataclasses.dataclass(frozen=True)
class Task:
  msgid: int
  func_name: str
  args: list
  kwargs: dict


@dataclasses.dataclass(frozen=True)
class TaskResult:
  msgid: int
  success: bool
  value: Any


class Worker:

  def compile(self, module):
    return len(module)


def _run(in_q, out_q, worker_class):
  """Worker process entrypoint."""
  obj = worker_class()
  while True:
    task = in_q.get()
    the_func = getattr(obj, task.func_name)
    application = functools.partial(the_func, *task.args, **task.kwargs)
    try:
      out_q.put(TaskResult(msgid=task.msgid, success=True, value=application()))
    except Exception as e:  # pylint: disable=broad-except
      out_q.put(TaskResult(msgid=task.msgid, success=False, value=e))


def _make_stub(cls: 'type[Worker]'):

  class _Stub():
    """Client stub to a worker hosted by a process."""

    def __init__(self):
      self._send = multiprocessing.get_context().Queue()
      self._receive = multiprocessing.get_context().Queue()
      self._process = multiprocessing.Process(
          target=functools.partial(
              _run, worker_class=cls, in_q=self._send, out_q=self._receive),
          daemon=True)
      # lock for the msgid -> reply future map
      self._lock = threading.Lock()
      self._map: dict[int, concurrent.futures.Future] = {}
      self._pump = threading.Thread(target=self._msg_pump, daemon=True)
      self._stop_pump = threading.Event()
      self._msgidlock = threading.Lock()
      self._msgid = 0
      self._process.start()
      self._pump.start()

    def _msg_pump(self):
      while not self._stop_pump.is_set():
        try:
          task_result = self._receive.get(timeout=1.0)
          with self._lock:
            future = self._map[task_result.msgid]
            del self._map[task_result.msgid]
          # Resolve outside the lock: done callbacks may call back into the stub.
          if task_result.success:
            future.set_result(task_result.value)
          else:
            future.set_exception(task_result.value)
        except queue.Empty:
          continue

    def __getattr__(self, name):
      with self._msgidlock:
        msgid = self._msgid
        self._msgid += 1

      def remote_call(*args, **kwargs):
        self._send.put(Task(msgid=msgid, func_name=name, args=args, kwargs=kwargs))
        result_future = concurrent.futures.Future()
        with self._lock:
          self._map[msgid] = result_future
        return result_future

      return remote_call

  return _Stub()


def schedule(stub, modules, results, done):
  """Chain the next compilation from the done callback of the previous one."""
  if not modules:
    done.set()
    return
  fut = stub.compile(modules[0])
  fut.add_done_callback(
      lambda f: (results.append(f.result()), schedule(stub, modules[1:], results, done)))


if __name__ == '__main__':
  stub = _make_stub(Worker)
  results, done = [], threading.Event()
  schedule(stub, ['a', 'bb', 'ccc'], results, done)
  print('ok' if done.wait(timeout=5) else 'deadlocked', results)
