"""graphrag-toolkit lexical-graph indexing (utils/pipeline_utils.py + S3 jsonl reader, reduced)."""
import logging
import queue
import threading
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import Any, Dict, Iterator, List, Optional, Sequence

logger = logging.getLogger(__name__)

BaseNode = Dict[str, Any]


class TransformComponent:
    def __call__(self, nodes: List[BaseNode], **kwargs: Any) -> List[BaseNode]:
        raise NotImplementedError


class ChunkSplitter(TransformComponent):
    def __call__(self, nodes: List[BaseNode], **kwargs: Any) -> List[BaseNode]:
        logger.debug("splitting %d nodes", len(nodes))
        return [{"id": "%s-%d" % (n["id"], i), "text": part}
                for n in nodes for i, part in enumerate(n["text"].split("\n\n"))]


class ExtractTopics(TransformComponent):
    def __call__(self, nodes: List[BaseNode], **kwargs: Any) -> List[BaseNode]:
        for node in nodes:
            logger.info("extracting topics for %s", node["id"])  # worker's first log call
            node["topics"] = sorted(set(node["text"].lower().split()))[:5]
        return nodes


def _run_transformations(nodes: List[BaseNode], transformations: Sequence[TransformComponent],
                         **kwargs: Any) -> List[BaseNode]:
    for transform in transformations:
        nodes = transform(nodes, **kwargs)
    return nodes


def run_pipeline(transformations: Sequence[TransformComponent], node_batches: List[List[BaseNode]],
                 num_workers: Optional[int] = None, **kwargs: Any) -> Iterator[List[BaseNode]]:
    with ProcessPoolExecutor(max_workers=num_workers) as p:
        tasks = [
            p.submit(partial(_run_transformations, transformations=transformations, **kwargs), batch)
            for batch in node_batches
        ]
        for task in tasks:
            yield task.result()


class S3BasedDocs:
    """for_jsonl=True: a reader thread streams documents and logs each one it emits."""

    def __init__(self, keys: List[str]) -> None:
        self.keys = keys
        self._docs: "queue.Queue[Optional[BaseNode]]" = queue.Queue()
        self._reader = threading.Thread(target=self._read, name="s3-jsonl-reader", daemon=True)

    def _read(self) -> None:
        for key in self.keys:
            for line_no in range(50):
                logger.info("read document %s#%d", key, line_no)
                self._docs.put({"id": "%s#%d" % (key, line_no), "text": "alpha beta\n\ngamma delta"})
        self._docs.put(None)

    def __iter__(self) -> Iterator[BaseNode]:
        self._reader.start()
        while (doc := self._docs.get()) is not None:
            yield doc


def extract(docs: S3BasedDocs, batch_size: int = 25, num_workers: int = 4) -> int:
    transformations = [ChunkSplitter(), ExtractTopics()]
    batch: List[BaseNode] = []
    written = 0
    for doc in docs:
        batch.append(doc)
        if len(batch) == batch_size:
            for nodes in run_pipeline(transformations, [batch[:10], batch[10:]], num_workers=num_workers):
                written += len(nodes)
            batch = []
    return written


if __name__ == "__main__":
    logging.basicConfig(filename="/tmp/graphrag-extract.log", level=logging.INFO)
    print("nodes written:", extract(S3BasedDocs(["s3://bucket/docs-%d.jsonl" % i for i in range(2)])))
