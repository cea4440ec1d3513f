# azure/iot/device/iothub/aio/loop_management.py (+ a caller, reduced)
"""This module contains functions for managing the event loops used by the async clients"""
import asyncio
import logging
import threading

logger = logging.getLogger(__name__)

loops = {
    "CLIENT_HANDLER_LOOP": None,
    "CLIENT_INTERNAL_LOOP": None,
    "CLIENT_HANDLER_RUNNER_LOOP": None,
}
_loop_creation_lock = threading.Lock()


def _cleanup():
    """Clear all running loops and end respective threads.
    ONLY FOR TESTING USAGE
    """
    with _loop_creation_lock:
        for loop_name, loop in loops.items():
            if loop is not None:
                logger.debug("Stopping event loop - {}".format(loop_name))
                loop.call_soon_threadsafe(loop.stop)
                loops[loop_name] = None


def _make_new_loop(loop_name):
    logger.debug("Creating new event loop - {}".format(loop_name))
    # Create the loop on a new Thread
    new_loop = asyncio.new_event_loop()
    loop_thread = threading.Thread(target=new_loop.run_forever)
    # Make the Thread a daemon so it will not block program exit
    loop_thread.daemon = True
    loop_thread.start()
    # Store the loop
    loops[loop_name] = new_loop


def _get_or_create_loop(loop_name):
    loop = loops[loop_name]
    if loop is None:
        with _loop_creation_lock:
            # Another caller may have created the loop while this caller waited for the lock.
            loop = loops[loop_name]
            if loop is None:
                _make_new_loop(loop_name)
                loop = loops[loop_name]
    return loop


def get_client_internal_loop():
    """Return the loop for internal client operations"""
    return _get_or_create_loop("CLIENT_INTERNAL_LOOP")


def get_client_handler_runner_loop():
    """Return the loop for handler runners"""
    return _get_or_create_loop("CLIENT_HANDLER_RUNNER_LOOP")


# --- caller side (handler manager / feature enablement start concurrently) ---
class AsyncHandlerManager:
    def __init__(self):
        self._inbox = None

    def _start_handler_runner(self):
        loop = get_client_handler_runner_loop()
        internal = get_client_internal_loop()
        # the inbox queue is bound to the internal loop it was created on
        self._inbox = asyncio.run_coroutine_threadsafe(self._make_inbox(), internal).result()
        return loop

    async def _make_inbox(self):
        return asyncio.Queue()


def enable_feature(feature_name):
    loop = get_client_internal_loop()
    fut = asyncio.run_coroutine_threadsafe(asyncio.sleep(0, result=feature_name), loop)
    return fut.result()


def connect_and_start(manager):
    t1 = threading.Thread(target=manager._start_handler_runner)
    t2 = threading.Thread(target=enable_feature, args=("c2d",))
    t1.start()
    t2.start()
    t1.join()
    t2.join()
