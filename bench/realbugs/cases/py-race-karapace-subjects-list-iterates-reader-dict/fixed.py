import asyncio
import json
import logging
import queue
from threading import Event, Lock, Thread
from typing import Any, Dict, List, Optional

LOG = logging.getLogger(__name__)

Subject = str
SubjectData = Dict[str, Any]


class FakeConsumer:
    """Stands in for the KafkaConsumer reading the _schemas topic."""

    def __init__(self) -> None:
        self.records: "queue.Queue[tuple[bytes, bytes]]" = queue.Queue()

    def poll(self, timeout_ms: int) -> List[tuple]:
        try:
            return [self.records.get(timeout=timeout_ms / 1000)]
        except queue.Empty:
            return []


class KafkaSchemaReader(Thread):
    def __init__(self, consumer: FakeConsumer) -> None:
        Thread.__init__(self, name="schema-reader", daemon=True)
        self.consumer = consumer
        self.subjects: Dict[Subject, SubjectData] = {}
        self.schemas: Dict[int, str] = {}
        self.global_schema_id = 0
        self.id_lock = Lock()
        self.running = True
        self.ready = Event()

    def run(self) -> None:
        while self.running:
            self.handle_messages()

    def close(self) -> None:
        self.running = False

    def handle_messages(self) -> None:
        for key, value in self.consumer.poll(timeout_ms=100):
            self.handle_msg(json.loads(key), json.loads(value))
        self.ready.set()

    def handle_msg(self, key: dict, value: Optional[dict]) -> None:
        if key["keytype"] == "SCHEMA" and value is not None:
            self._handle_msg_schema(key, value)

    def _handle_msg_schema(self, key: dict, value: dict) -> None:
        subject, schema_id, version = value["subject"], value["id"], value["version"]
        with self.id_lock:
            self.schemas[schema_id] = value["schema"]
            self.global_schema_id = max(self.global_schema_id, schema_id)
        if subject not in self.subjects:
            LOG.info("Adding first version of subject: %r with no schemas", subject)
            self.subjects[subject] = {"schemas": {}}
        subjects_schemas = self.subjects[subject]["schemas"]
        subjects_schemas[version] = {"schema": value["schema"], "id": schema_id, "deleted": value.get("deleted", False)}

    def get_schemas(self, subject: Subject, *, include_deleted: bool = False) -> Dict[int, dict]:
        if include_deleted:
            return self.subjects[subject]["schemas"]
        return {
            version_id: schema
            for version_id, schema in self.subjects[subject]["schemas"].items()
            if schema.get("deleted", False) is False
        }


class KarapaceSchemaRegistry:
    def __init__(self, consumer: FakeConsumer) -> None:
        self.schema_reader = KafkaSchemaReader(consumer)
        self.schema_lock = asyncio.Lock()

    @property
    def subjects(self) -> Dict[Subject, SubjectData]:
        return self.schema_reader.subjects

    def subjects_list(self, include_deleted: bool = False) -> List[Subject]:
        return [
            key
            for key in list(self.schema_reader.subjects.keys())
            if self.schema_reader.get_schemas(key, include_deleted=include_deleted)
        ]

    def start(self) -> None:
        self.schema_reader.start()


async def serve_subjects(registry: KarapaceSchemaRegistry, consumer: FakeConsumer) -> None:
    # GET /subjects handled on the event loop while the reader thread keeps consuming
    for i in range(2000):
        value = {"subject": f"topic-{i}-value", "id": i + 1, "version": 1, "schema": '"string"'}
        consumer.records.put((b'{"keytype": "SCHEMA"}', json.dumps(value).encode()))
        registry.subjects_list()
        await asyncio.sleep(0)


if __name__ == "__main__":
    fake_consumer = FakeConsumer()
    registry = KarapaceSchemaRegistry(fake_consumer)
    registry.start()
    asyncio.run(serve_subjects(registry, fake_consumer))
    registry.schema_reader.close()
