"""MBTA LAMP ingestion (lamp_py/ingestion/ingest.py, reduced): one converter per GTFS-RT feed."""
import os
import time
from multiprocessing import Manager, Pool, Queue
from typing import Dict, List


class ConfigType:
    SCHEDULE = "schedule"
    ERROR = "error"
    RT_VEHICLE_POSITIONS = "rt_vehicle_positions"
    RT_TRIP_UPDATES = "rt_trip_updates"
    RT_ALERTS = "rt_alerts"

    @staticmethod
    def from_filename(filename: str) -> str:
        for config_type in ("rt_vehicle_positions", "rt_trip_updates", "rt_alerts", "schedule"):
            if config_type in filename:
                return config_type
        raise ValueError(filename)


class Converter:
    def __init__(self, config_type: str, metadata_queue: Queue) -> None:
        self.config_type = config_type
        self.metadata_queue = metadata_queue
        self.files: List[str] = []

    def add_files(self, files: List[str]) -> None:
        self.files += files

    def convert(self) -> None:
        for path in self.files:
            time.sleep(0.05)  # download from s3, parse protobuf, write parquet
            self.metadata_queue.put("%s:%s:%d" % (self.config_type, path, os.getpid()))


class NoImplConverter(Converter):
    def convert(self) -> None:
        for path in self.files:
            self.metadata_queue.put("error:%s" % path)


def run_converter(converter: Converter) -> None:
    """Run converters in subprocess"""
    converter.convert()


def ingest_files(files: List[str], metadata_queue: Queue) -> None:
    converters: Dict[str, Converter] = {}
    error_files: List[str] = []
    for path in files:
        try:
            config_type = ConfigType.from_filename(path)
        except ValueError:
            error_files.append(path)
            continue
        if config_type not in converters:
            converters[config_type] = Converter(config_type, metadata_queue)
        converters[config_type].add_files([path])

    # GTFS Static Schedule must be processed first for performance manager
    if ConfigType.SCHEDULE in converters:
        converters[ConfigType.SCHEDULE].convert()
        del converters[ConfigType.SCHEDULE]

    converters[ConfigType.ERROR] = NoImplConverter(ConfigType.ERROR, metadata_queue)
    converters[ConfigType.ERROR].add_files(error_files)

    # The remaining converters can be run in parallel
    with Pool(processes=len(converters)) as pool:
        pool.map_async(run_converter, converters.values())
        pool.close()
        pool.join()


if __name__ == "__main__":
    with Manager() as manager:
        queue = manager.Queue()
        incoming = ["2023-06-29T10:00:%02d_%s.json.gz" % (i, kind)
                    for i in range(4) for kind in ("rt_vehicle_positions", "rt_trip_updates", "rt_alerts")]
        ingest_files(incoming + ["junk.bin"], queue)
        written = 0
        while not queue.empty():
            queue.get()
            written += 1
        print("metadata records written: %d of %d" % (written, len(incoming) + 1))
