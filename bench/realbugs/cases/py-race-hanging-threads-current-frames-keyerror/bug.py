"""Reduced from niccokunzmann/hanging_threads#89 (fixed in #91): the monitor
thread builds its snapshot from threading.enumerate() and, separately, from
sys._current_frames(); a worker that exits between the two calls is in one
list but not the other and the lookup raises KeyError in the monitor."""
import sys
import threading
import time


def thread2list(frame):
    out = []
    while frame is not None:
        out.append((frame.f_code.co_filename, frame.f_lineno))
        frame = frame.f_back
    return out


def get_current_frames():
    """Return current threads prepared for further processing."""
    threads = {thread.ident: thread for thread in threading.enumerate()}
    frames = {}
    for thread_id, frame in sys._current_frames().items():
        frames[thread_id] = {
            "frame": thread2list(frame),
            "time": None,
            "id": thread_id,
            "name": threads[thread_id].name,
            "object": threads[thread_id],
        }
    return frames


def monitor(stop, seconds_frozen=10, test_interval=0.01):
    old_threads = {}
    while not stop.is_set():
        new_threads = get_current_frames()
        for tid, info in new_threads.items():
            if tid in old_threads and old_threads[tid]["frame"] == info["frame"]:
                pass
        old_threads = new_threads
        time.sleep(test_interval)


def short_lived():
    time.sleep(0.001)


if __name__ == "__main__":
    stop = threading.Event()
    mon = threading.Thread(target=monitor, args=(stop,), name="hanging_threads")
    mon.start()
    for _ in range(200):
        t = threading.Thread(target=short_lived)
        t.start()
        t.join()
    stop.set()
    mon.join()
