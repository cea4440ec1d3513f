"""Reduced from supremm summarize_jobs.py (parallel job summarization)."""
import multiprocessing
import os


def summarize_range(config, resource, start, end, outq):
    """Worker: summarize jobs [start, end) for one resource."""
    processed = 0
    for jobid in range(start, end):
        # ... load pcp archives, run plugins, write summary to the database ...
        processed += 1
    outq.put((os.getpid(), resource, processed))


def process_resource(config, resource, jobids, nthreads):
    outq = multiprocessing.Queue()
    chunk = max(1, len(jobids) // nthreads)
    proclist = []
    for i in range(nthreads):
        start = jobids[0] + i * chunk
        end = jobids[-1] + 1 if i == nthreads - 1 else start + chunk
        proc = multiprocessing.Process(
            target=summarize_range, args=(config, resource, start, end, outq)
        )
        proc.start()
        proclist.append(proc)

    total = 0
    for _ in proclist:
        _pid, _res, processed = outq.get()
        total += processed

    for proc in proclist:
        proc.join()

    return total


def main():
    config = {"summary": {"db": "supremm"}}
    jobids = list(range(1000, 1400))
    for resource in ("stampede", "comet"):
        total = process_resource(config, resource, jobids, 4)
        print(resource, "processed", total)


if __name__ == "__main__":
    main()
