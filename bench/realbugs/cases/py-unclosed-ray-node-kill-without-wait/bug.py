"""Ray node process bookkeeping (python/ray/_private/node.py, reduced)."""
import subprocess
import sys
import threading
from collections import defaultdict
from typing import Dict, List, NamedTuple, Optional

PROCESS_TYPE_RAYLET = "raylet"
PROCESS_TYPE_GCS_SERVER = "gcs_server"
PROCESS_TYPE_LOG_MONITOR = "log_monitor"
PROCESS_TYPE_REAPER = "reaper"


class ProcessInfo(NamedTuple):
    process: subprocess.Popen
    stdout_file: Optional[str] = None
    stderr_file: Optional[str] = None
    use_valgrind: bool = False


def start_ray_process(command: List[str]) -> ProcessInfo:
    # ray._private.services.start_ray_process: one long-lived child per component
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL)
    return ProcessInfo(process=process)


class Node:
    def __init__(self) -> None:
        self.all_processes: Dict[str, List[ProcessInfo]] = defaultdict(list)
        self.removal_lock = threading.Lock()

    def start_component(self, process_type: str) -> None:
        cmd = [sys.executable, "-c", "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)"]
        self.all_processes[process_type].append(start_ray_process(cmd))

    def _kill_process_type(self, process_type, allow_graceful=False, check_alive=True, wait=False):
        # Ensure thread safety
        with self.removal_lock:
            self._kill_process_impl(process_type, allow_graceful=allow_graceful,
                                    check_alive=check_alive, wait=wait)

    def _kill_process_impl(self, process_type, allow_graceful=False, check_alive=True, wait=False):
        """See `_kill_process_type`."""
        if process_type not in self.all_processes:
            return
        process_infos = self.all_processes[process_type]
        for process_info in process_infos:
            process = process_info.process
            # Handle the case where the process has already exited.
            if process.poll() is not None:
                if check_alive:
                    raise RuntimeError(
                        f"Attempting to kill a process of type '{process_type}', "
                        "but this process is already dead.")
                continue

            if allow_graceful:
                process.terminate()
                # Allow the process one second to exit gracefully.
                timeout_seconds = 1
                try:
                    process.wait(timeout_seconds)
                except subprocess.TimeoutExpired:
                    pass

            # If the process did not exit, force kill it.
            if process.poll() is None:
                process.kill()
                # The reason we usually don't call process.wait() here is that
                # there's some chance we'd end up waiting a really long time.
                if wait:
                    process.wait()

        del self.all_processes[process_type]

    def kill_log_monitor(self, check_alive: bool = True):
        self._kill_process_type(PROCESS_TYPE_LOG_MONITOR, check_alive=check_alive)

    def kill_gcs_server(self, check_alive: bool = True):
        self._kill_process_type(PROCESS_TYPE_GCS_SERVER, check_alive=check_alive, wait=True)

    def kill_all_processes(self, check_alive=True, allow_graceful=False, wait=False):
        for process_type in list(self.all_processes.keys()):
            if process_type != PROCESS_TYPE_REAPER:
                self._kill_process_type(process_type, check_alive=check_alive,
                                        allow_graceful=allow_graceful, wait=wait)
        if PROCESS_TYPE_REAPER in self.all_processes:
            self._kill_process_type(PROCESS_TYPE_REAPER, check_alive=check_alive,
                                    allow_graceful=allow_graceful, wait=wait)


if __name__ == "__main__":
    import warnings

    warnings.simplefilter("always", ResourceWarning)
    node = Node()
    for kind in (PROCESS_TYPE_GCS_SERVER, PROCESS_TYPE_RAYLET, PROCESS_TYPE_LOG_MONITOR):
        node.start_component(kind)
    node.kill_all_processes(check_alive=False, allow_graceful=True)  # `ray stop` path: wait=False
    import gc

    gc.collect()
