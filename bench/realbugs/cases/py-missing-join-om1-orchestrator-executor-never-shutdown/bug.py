"""Reduced from OpenMind/OM1 PR #1879 (orchestrator ThreadPoolExecutor never shut down)."""
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor


class Action:
    def __init__(self, name: str):
        self.name = name

    def connect(self, payload: str):
        time.sleep(0.01)
        logging.info("%s <- %s", self.name, payload)


class ActionOrchestrator:
    def __init__(self, actions):
        self._actions = actions
        self._stop_event = threading.Event()
        self._submitted = []
        self._executor = ThreadPoolExecutor(max_workers=len(actions))

    def start(self):
        for action in self._actions:
            self._submitted.append(self._executor.submit(self._run_action_loop, action))

    def _run_action_loop(self, action: Action):
        while not self._stop_event.is_set():
            action.connect("tick")

    def stop(self):
        # only signals the loops; the executor (and its worker threads) is
        # never shut down, so repeated config reloads leak workers
        self._stop_event.set()


def main():
    for _ in range(3):  # runtime reloads the config and builds a new orchestrator
        orch = ActionOrchestrator([Action("move"), Action("speak")])
        orch.start()
        time.sleep(0.05)
        orch.stop()
    print(threading.active_count())


if __name__ == "__main__":
    main()
