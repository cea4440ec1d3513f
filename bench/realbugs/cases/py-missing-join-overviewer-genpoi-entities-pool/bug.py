"""genPOI.py (shape of Minecraft-Overviewer overviewer_core/aux_files/genPOI.py, 2020).

Scans regionsets for TileEntities and Entities, filters them, and writes out
POI/marker info.
"""
import itertools
import logging
import multiprocessing
from collections import defaultdict
from multiprocessing import Pool


class CorruptChunkError(Exception):
    pass


# Since functions are not pickleable, we send their names instead.
# Here, set up worker processes to have a name -> function map
bucketChunkFuncs = {}


def initBucketChunks(config_path):
    global bucketChunkFuncs
    import runpy
    config = runpy.run_path(config_path)
    for render in config["renders"].values():
        for f in render["markers"]:
            ff = f["filterFunction"]
            bucketChunkFuncs[ff.__name__] = ff


def parseBucketChunks(task_tuple):
    global bucketChunkFuncs
    bucket, rset, filters = task_tuple
    pid = multiprocessing.current_process().pid
    markers = defaultdict(list)

    i = 0
    cnt = 0
    for b in bucket:
        try:
            data = rset.get_chunk(b[0], b[1])
            for poi in itertools.chain(data['TileEntities'], data['Entities']):
                for name, filter_function in filters:
                    ff = bucketChunkFuncs[filter_function]
                    result = ff(poi)
                    if result:
                        markers[name].append(dict(x=poi['x'], y=poi['y'], z=poi['z'], text=result))
        except CorruptChunkError:
            logging.warning("Ignoring POIs in corrupt chunk %d,%d", b[0], b[1])

        # Perhaps only on verbose ?
        i = i + 1
        if i == 250:
            i = 0
            cnt = 250 + cnt
            logging.info("Found %d markers in thread %d so far at %d chunks",
                         sum(len(v) for v in markers.values()), pid, cnt)

    return markers


def handleEntities(rset, config, config_path, filters, markers):
    """
    Add markers for Entities or TileEntities.

    For this every chunk of the regionset is parsed and filtered using multiple
    processes, if so configured.
    This function will not return anything, but it will update the parameter
    `markers`.
    """
    logging.info("Looking for entities in %r", rset)

    numbuckets = config['processes']
    if numbuckets < 0:
        numbuckets = multiprocessing.cpu_count()

    if numbuckets == 1:
        for (x, z, mtime) in rset.iterate_chunks():
            data = rset.get_chunk(x, z)
            for poi in itertools.chain(data['TileEntities'], data['Entities']):
                for name, __, filter_function, __, __, __ in filters:
                    result = filter_function(poi)
                    if result:
                        markers[name]['raw'].append(dict(x=poi['x'], y=poi['y'], z=poi['z'], text=result))
    else:
        buckets = [[] for i in range(numbuckets)]

        for (x, z, mtime) in rset.iterate_chunks():
            i = x // 32 + z // 32
            i = i % numbuckets
            buckets[i].append([x, z])

        for b in buckets:
            logging.info("Buckets has %d entries", len(b))

        # Create a pool of processes and run all the functions
        pool = Pool(processes=numbuckets, initializer=initBucketChunks, initargs=(config_path,))

        # simplify the filters dict, so pickle doesn't have to do so much
        filters = [(name, filter_function.__name__) for name, __, filter_function, __, __, __ in filters]

        results = pool.map(parseBucketChunks, ((buck, rset, filters) for buck in buckets))

        logging.info("All the threads completed")

        for marker_dict in results:
            for name, marker_list in marker_dict.items():
                markers[name]['raw'].extend(marker_list)

    logging.info("Done.")
