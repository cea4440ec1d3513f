import threading


class SearchSymbolsCache:
    """Single-flight cache of the BM25 / centrality statistics for search_symbols."""

    def __init__(self, index):
        self._index = index
        self._cache = {}
        self._lock = threading.Lock()

    def _compute_bm25(self):
        docs = self._index["docs"]
        n = max(len(docs), 1)
        df = {}
        for doc in docs:
            for tok in set(doc):
                df[tok] = df.get(tok, 0) + 1
        idf = {tok: n / cnt for tok, cnt in df.items()}
        avgdl = sum(len(d) for d in docs) / n
        inverted = {}
        for i, doc in enumerate(docs):
            for tok in doc:
                inverted.setdefault(tok, []).append(i)
        return idf, avgdl, inverted

    def _compute_centrality(self):
        graph = self._index["imports"]
        score = {}
        for node, edges in graph.items():
            for dst in edges:
                score[dst] = score.get(dst, 0) + 1
            score.setdefault(node, 0)
        return score

    def stats(self):
        c = self._cache
        if "idf" in c:
            return c["idf"], c["avgdl"], c["inverted"], c["centrality"]
        with self._lock:
            if "idf" not in c:
                c["idf"], c["avgdl"], c["inverted"] = self._compute_bm25()
                c["centrality"] = self._compute_centrality()
        return c["idf"], c["avgdl"], c["inverted"], c["centrality"]


def search_symbols(cache, query):
    idf, avgdl, inverted, centrality = cache.stats()
    hits = {}
    for tok in query.split():
        for doc_id in inverted.get(tok, []):
            hits[doc_id] = hits.get(doc_id, 0.0) + idf.get(tok, 0.0) / avgdl
    return sorted(hits, key=lambda d: -(hits[d] + centrality.get(d, 0)))


def main():
    index = {
        "docs": [["open", "file"], ["read", "file"], ["close", "socket"]] * 200,
        "imports": {i: [i + 1] for i in range(600)},
    }
    cache = SearchSymbolsCache(index)
    workers = [
        threading.Thread(target=search_symbols, args=(cache, "read file"))
        for _ in range(8)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join()


if __name__ == "__main__":
    main()
