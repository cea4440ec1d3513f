"""dupeGuru picture mode: core/pe/matchblock.py getmatches() (reduced, 2020)."""
import logging
import multiprocessing
from itertools import combinations

MIN_ITERATIONS = 3
DEFAULT_CHUNK_SIZE = 1000
MIN_CHUNK_SIZE = 100

try:
    RESULTS_QUEUE_LIMIT = multiprocessing.cpu_count() + 1
except Exception:
    logging.warning("Had problems to determine cpu count on launch.")
    RESULTS_QUEUE_LIMIT = 8


def extract(predicate, iterable):
    result, other = [], []
    for item in iterable:
        (result if predicate(item) else other).append(item)
    return result, other


def get_chunks(pictures):
    min_chunk_count = multiprocessing.cpu_count() * 2
    chunk_count = max(min_chunk_count, len(pictures) // DEFAULT_CHUNK_SIZE)
    chunk_size = max(MIN_CHUNK_SIZE, (len(pictures) // chunk_count) + 1)
    return [pictures[i:i + chunk_size] for i in range(0, len(pictures), chunk_size)]


def async_compare(ref_ids, other_ids, dbname, threshold, picinfo):
    # Each chunk pair is compared in a worker process (CPU bound block diffs).
    others = other_ids if other_ids is not None else ref_ids
    return [(r, o, 100) for r in ref_ids for o in others if r < o and picinfo[r] == picinfo[o]]


def getmatches(pictures, cache_path, threshold, match_scaled=False, j=None):
    def get_picinfo(p):
        return ((None, None), False) if match_scaled else (p % 7, False)

    def collect_results(collect_all=False):
        # collect results and wait until the queue is small enough to accomodate a new results.
        nonlocal async_results, matches, comparison_count
        limit = 0 if collect_all else RESULTS_QUEUE_LIMIT
        while len(async_results) > limit:
            ready, working = extract(lambda r: r.ready(), async_results)
            for result in ready:
                matches += result.get()
                async_results.remove(result)
                comparison_count += 1

    pool = multiprocessing.Pool()
    async_results = []
    matches = []
    chunks = get_chunks(pictures)
    comparisons_to_do = list(combinations(chunks + [None], 2))
    comparison_count = 0
    try:
        for ref_chunk, other_chunk in comparisons_to_do:
            picinfo = {p: get_picinfo(p) for p in ref_chunk}
            ref_ids = list(ref_chunk)
            if other_chunk is not None:
                other_ids = list(other_chunk)
                picinfo.update({p: get_picinfo(p) for p in other_chunk})
            else:
                other_ids = None
            args = (ref_ids, other_ids, cache_path, threshold, picinfo)
            async_results.append(pool.apply_async(async_compare, args))
            collect_results()
        collect_results(collect_all=True)
    except MemoryError:
        logging.warning("Ran out of memory when scanning! We had %d matches.", len(matches))
        del matches[-len(matches) // 3:]
    pool.close()
    result = []
    for ref_id, other_id, percentage in matches:
        if percentage >= threshold:
            result.append((ref_id, other_id, percentage))
    pool.join()
    return result


if __name__ == "__main__":
    multiprocessing.freeze_support()
    print(len(getmatches(list(range(600)), ":memory:", 95)), "matches")
