# rich/progress.py (reduced, rich 1.x)
from threading import Event, RLock, Thread
from typing import Any, Dict, List


class _RefreshThread(Thread):
    """A thread that calls refresh() on the Process object at regular intervals."""

    def __init__(self, progress: "Progress", refresh_per_second: int = 10) -> None:
        self.progress = progress
        self.refresh_per_second = refresh_per_second
        self.done = Event()
        super().__init__()

    def stop(self) -> None:
        self.done.set()

    def run(self) -> None:
        while not self.done.wait(1.0 / self.refresh_per_second):
            self.progress.refresh()


class Progress:
    def __init__(self, auto_refresh: bool = True, refresh_per_second: int = 10) -> None:
        self.auto_refresh = auto_refresh
        self.refresh_per_second = refresh_per_second
        self._tasks: Dict[int, Dict[str, Any]] = {}
        self._lock = RLock()
        self._refresh_thread = None
        self._started = False
        self._enter_count = 0
        self._lines: List[str] = []

    def start(self) -> None:
        """Start the progress display."""
        with self._lock:
            if self._started:
                return
            self._started = True
            if self.auto_refresh:
                self._refresh_thread = _RefreshThread(self, self.refresh_per_second)
                self._refresh_thread.start()

    def stop(self) -> None:
        """Stop the progress display."""
        with self._lock:
            if not self._started:
                return
            self._started = False
            if self.auto_refresh and self._refresh_thread is not None:
                self._refresh_thread.stop()
            self.refresh()
        if self._refresh_thread is not None:
            self._refresh_thread.join()
            self._refresh_thread = None

    def __enter__(self) -> "Progress":
        self.start()
        return self

    def __exit__(self, exc_type, exc_val, exc_tb) -> None:
        self.stop()

    def add_task(self, description: str, total: int = 100) -> int:
        with self._lock:
            task_id = len(self._tasks)
            self._tasks[task_id] = {"description": description, "total": total, "completed": 0.0}
            return task_id

    def update(self, task_id: int, advance: float = 0) -> None:
        with self._lock:
            self._tasks[task_id]["completed"] += advance

    @property
    def finished(self) -> bool:
        with self._lock:
            return all(t["completed"] >= t["total"] for t in self._tasks.values())

    def refresh(self) -> None:
        """Refresh (render) the progress information."""
        with self._lock:
            self._lines = [
                "%s %.0f%%" % (t["description"], 100 * t["completed"] / t["total"])
                for t in self._tasks.values()
            ]
