"""zoty: reduction of src/zoty/db.py (_get_zot and its callers) as used by the MCP
server in src/zoty/server.py, whose sync tools run on anyio worker threads.

pyzotero is replaced by a small stand-in whose client construction takes a moment;
_request_refresh condenses the background index refresh that shares these globals.
"""
from __future__ import annotations

import threading
import time
from typing import Any


class zotero:  # stand-in for the pyzotero.zotero module
    instances = 0

    class Zotero:
        def __init__(self, library_id, library_type, local=False):
            time.sleep(0.02)  # httpx.Client + local API probe
            zotero.instances += 1
            self.library_id = library_id

        def item(self, key, **kwargs):
            return ["<div>%s</div>" % key]

        def items(self, q=None, limit=25):
            return [{"data": {"key": "ABCD1234", "title": q or ""}}]


_index_lock = threading.Lock()
_zot_lock = threading.Lock()
_refresh_in_progress = False
_refresh_requested = False
_search_state: Any = None
_zot: zotero.Zotero | None = None


def _get_zot() -> zotero.Zotero:
    """Return the shared pyzotero client, creating it on first call."""
    global _zot
    zot = _zot
    if zot is not None:
        return zot

    with _zot_lock:
        if _zot is None:
            _zot = zotero.Zotero("0", "user", local=True)
        return _zot


def _fetch_item_export(item_key: str, *, content: str, style: str, locale: str) -> str:
    """Fetch one formatted export block for a Zotero item."""
    zot = _get_zot()
    exported = zot.item(item_key, format="atom", content=content, style=style, locale=locale)
    if isinstance(exported, list):
        return exported[0] if exported else ""
    if isinstance(exported, str):
        return exported
    return ""


def _request_refresh() -> None:
    global _refresh_in_progress, _refresh_requested
    with _index_lock:
        if _refresh_in_progress:
            _refresh_requested = True
            return
        _refresh_in_progress = True
    try:
        _get_zot().items(limit=1)  # fingerprint the library
    finally:
        with _index_lock:
            _refresh_in_progress = False


def search_library(query: str, limit: int = 10) -> list[dict]:
    zot = _get_zot()
    return [item["data"] for item in zot.items(q=query, limit=limit)]


def get_citation(item_key: str) -> str:
    return _fetch_item_export(item_key, content="bib", style="apa", locale="en-US")


def main() -> None:
    # server.py: tools dispatched concurrently onto worker threads at startup
    start = threading.Barrier(4)
    calls = [
        (search_library, ("belt",)),
        (get_citation, ("ABCD1234",)),
        (get_citation, ("EFGH5678",)),
        (_request_refresh, ()),
    ]

    def tool(fn, args):
        start.wait()
        fn(*args)

    threads = [threading.Thread(target=tool, args=c) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=5)
    print("pyzotero clients constructed:", zotero.instances)


if __name__ == "__main__":
    main()
