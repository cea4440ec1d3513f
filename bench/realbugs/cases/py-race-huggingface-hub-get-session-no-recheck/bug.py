"""huggingface_hub: reduction of src/huggingface_hub/utils/_http.py (get_session and the
shared httpx.Client), called from snapshot_download's thread pool.

httpx is replaced by a small stand-in whose Client construction takes a moment,
as a real httpx.Client (SSL context, transports) does.
"""
import atexit
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Optional

logger = logging.getLogger(__name__)


class httpx:  # stand-in for the httpx module
    created = 0

    class Client:
        def __init__(self, event_hooks=None, follow_redirects=False, timeout=None):
            time.sleep(0.01)  # building the SSL context and connection pool
            httpx.created += 1
            self.closed = False

        def request(self, method, url, **kwargs):
            if self.closed:
                raise RuntimeError("Cannot send a request, as the client has been closed.")
            return (method, url)

        def close(self):
            self.closed = True


def hf_request_event_hook(request) -> None:
    pass


def default_client_factory() -> "httpx.Client":
    """
    Factory function to create a `httpx.Client` with the default transport.
    """
    return httpx.Client(
        event_hooks={"request": [hf_request_event_hook]},
        follow_redirects=True,
        timeout=None,
    )


CLIENT_FACTORY_T = Callable[[], "httpx.Client"]

_CLIENT_LOCK = threading.Lock()
_GLOBAL_CLIENT_FACTORY: CLIENT_FACTORY_T = default_client_factory
_GLOBAL_CLIENT: Optional["httpx.Client"] = None


def set_client_factory(client_factory: CLIENT_FACTORY_T) -> None:
    global _GLOBAL_CLIENT_FACTORY
    with _CLIENT_LOCK:
        close_session()
        _GLOBAL_CLIENT_FACTORY = client_factory


def get_session() -> "httpx.Client":
    """
    Get a `httpx.Client` object, using the transport factory from the user.

    This client is shared between all calls made by `huggingface_hub`. Therefore you should not close it manually.
    """
    global _GLOBAL_CLIENT
    if _GLOBAL_CLIENT is None:
        with _CLIENT_LOCK:
            _GLOBAL_CLIENT = _GLOBAL_CLIENT_FACTORY()
    return _GLOBAL_CLIENT


def close_session() -> None:
    """
    Close the global `httpx.Client` used by `huggingface_hub`.
    """
    global _GLOBAL_CLIENT
    client = _GLOBAL_CLIENT

    # First, set global client to None
    _GLOBAL_CLIENT = None

    # Then, close the clients
    if client is not None:
        try:
            client.close()
        except Exception as e:
            logger.warning(f"Error closing client: {e}")


atexit.register(close_session)


def http_backoff(method: str, url: str, **kwargs):
    client = get_session()
    return client.request(method=method, url=url, **kwargs)


def _inner_hf_hub_download(repo_file: str):
    return http_backoff("GET", "https://huggingface.co/gpt2/resolve/main/" + repo_file)


def snapshot_download(filtered_repo_files, max_workers: int = 8):
    # tqdm.contrib.concurrent.thread_map in upstream
    with ThreadPoolExecutor(max_workers=max_workers) as executor:
        return list(executor.map(_inner_hf_hub_download, filtered_repo_files))


if __name__ == "__main__":
    files = ["config.json", "model.safetensors", "tokenizer.json", "vocab.json",
             "merges.txt", "generation_config.json", "README.md", "tokenizer_config.json"]
    snapshot_download(files)
    print("httpx.Client instances created:", httpx.created)
