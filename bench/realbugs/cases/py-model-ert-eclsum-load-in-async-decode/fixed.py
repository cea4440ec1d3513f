"""Reduction of ert's ert/serialization/_serializer.py (ert3 record transmission), with the fix for ert#2601."""
import asyncio
import os
import tempfile
from pathlib import Path
from typing import Dict, List, Optional


class EclSum:
    """Stand-in for ecl.summary.EclSum: the constructor parses the whole summary
    file synchronously (plain file I/O + parsing, no event-loop awareness)."""

    def __init__(self, load_case: str) -> None:
        with open(load_case, "r") as f:
            lines = f.read().splitlines()
        self._keys: List[str] = lines[0].split(",")
        self._rows: List[List[float]] = [[float(v) for v in row.split(",")] for row in lines[1:]]

    def numpy_vector(self, key: str) -> List[float]:
        idx = self._keys.index(key)
        return [row[idx] for row in self._rows]


class Serializer:
    async def decode_from_path(self, path: Path, key: Optional[str] = None) -> Dict[str, List[float]]:
        raise NotImplementedError


class _EclSumSerializer(Serializer):
    async def decode_from_path(self, path: Path, key: Optional[str] = None) -> Dict[str, List[float]]:
        if not key:
            raise ValueError("key must be set for the summary serializer")
        # EclSum() blocks on file I/O and parsing: run it in the default executor
        loop = asyncio.get_running_loop()
        summary = await loop.run_in_executor(None, EclSum, str(path))
        return {key: summary.numpy_vector(key)}


async def transmit_records(paths: List[Path]) -> List[Dict[str, List[float]]]:
    serializer = _EclSumSerializer()
    return await asyncio.gather(*(serializer.decode_from_path(p, key="FOPR") for p in paths))


async def heartbeat(stop: asyncio.Event) -> int:
    beats = 0
    while not stop.is_set():
        beats += 1
        await asyncio.sleep(0.001)
    return beats


async def main(paths: List[Path]) -> None:
    stop = asyncio.Event()
    beat_task = asyncio.create_task(heartbeat(stop))
    records = await transmit_records(paths)
    stop.set()
    print(len(records), "records; heartbeats:", await beat_task)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i in range(8):
            p = Path(tmp) / ("CASE_%d.UNSMRY.csv" % i)
            p.write_text("TIME,FOPR\n" + "\n".join("%d,%d.5" % (t, t) for t in range(20000)))
            paths.append(p)
        asyncio.run(main(paths))
