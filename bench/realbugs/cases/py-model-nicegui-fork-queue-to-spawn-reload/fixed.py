"""NiceGUI native mode + reload: default-context Queues are handed to uvicorn's spawn-context worker."""
import multiprocessing
import sys
from multiprocessing import Queue
from typing import Optional

_mp_context = multiprocessing.get_context('spawn')

# --- nicegui/native/native.py ---------------------------------------------------------------
method_queue: Optional[Queue] = None
response_queue: Optional[Queue] = None


def create_queues() -> None:
    """Create the message queues. (For internal use only.)"""
    global method_queue, response_queue
    method_queue = _mp_context.Queue()
    response_queue = _mp_context.Queue()


# --- uvicorn/_subprocess.py (ChangeReload starts every worker through this) ----------------------
spawn = multiprocessing.get_context("spawn")


def subprocess_started(config, target, sockets, stdin_fileno):
    target(sockets=sockets)


def get_subprocess(config, target, sockets):
    try:
        stdin_fileno = sys.stdin.fileno()
    except (AttributeError, OSError):
        stdin_fileno = None
    kwargs = {"config": config, "target": target, "sockets": sockets, "stdin_fileno": stdin_fileno}
    return spawn.Process(target=subprocess_started, kwargs=kwargs)


# --- nicegui/server.py ------------------------------------------------------------------------
class CustomServerConfig:
    def __init__(self, app):
        self.app = app
        self.method_queue: Optional[Queue] = None
        self.response_queue: Optional[Queue] = None


class Server:
    def __init__(self, config):
        self.config = config

    def run(self, sockets=None):
        global method_queue, response_queue
        if self.config.method_queue is not None and self.config.response_queue is not None:
            method_queue = self.config.method_queue
            response_queue = self.config.response_queue
        print("worker: serving", self.config.app, "with native window queues")


# --- nicegui/ui_run.py ------------------------------------------------------------------------
def run(native=True, reload=True):
    if native:
        create_queues()  # native_mode.activate(): also hands them to the pywebview window process
    config = CustomServerConfig("main:app")
    config.method_queue = method_queue if native else None
    config.response_queue = response_queue if native else None
    server = Server(config)
    if reload:
        process = get_subprocess(config, target=server.run, sockets=[])
        process.start()
        process.join()
    else:
        server.run()


if __name__ == "__main__":
    run()
