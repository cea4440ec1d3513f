"""Reduction of dedupe's dedupe/training.py ActiveLearning.__init__ (after dedupe#416)."""
import itertools
import multiprocessing


class DataModel(object):
    def __init__(self, fields):
        self.fields = fields

    def distances(self, record_pairs):
        out = []
        for record_1, record_2 in record_pairs:
            out.append([abs(len(record_1[f]) - len(record_2[f])) for f in self.fields])
        return out


def chunker(iterable, size):
    it = iter(iterable)
    while True:
        chunk = list(itertools.islice(it, size))
        if not chunk:
            return
        yield chunk


class ActiveLearning(object):
    def __init__(self, candidates, data_model, num_processes=1):
        self.candidates = candidates
        self.data_model = data_model

        pool = multiprocessing.Pool(processes=num_processes)
        self.distances = []
        try:
            for chunk_distances in pool.imap(data_model.distances, chunker(candidates, 100)):
                self.distances.extend(chunk_distances)
        finally:
            pool.terminate()
            pool.join()

        self.seen_indices = set()

    def uncertainPairs(self, n=1):
        unseen = [i for i in range(len(self.candidates)) if i not in self.seen_indices]
        picked = unseen[:n]
        self.seen_indices.update(picked)
        return [self.candidates[i] for i in picked]


def sample_candidates(n):
    records = [{"name": "n" * (i % 7), "address": "a" * (i % 11)} for i in range(n)]
    return list(zip(records, records[1:]))


if __name__ == "__main__":
    model = DataModel(["name", "address"])
    for _ in range(20):
        learner = ActiveLearning(sample_candidates(1000), model, num_processes=4)
        print(learner.uncertainPairs(1))
