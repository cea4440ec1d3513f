"""Ray OpenTelemetryMetricRecorder: registration lock vs. OTel SDK collect() lock."""
import threading
import time
from typing import Callable, Dict, List

NAMESPACE = "ray"


# --- opentelemetry.sdk.metrics (simplified) --------------------------------
class MeasurementConsumer:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._async_instruments: List["ObservableGauge"] = []

    def register_asynchronous_instrument(self, instrument: "ObservableGauge") -> None:
        with self._lock:
            self._async_instruments.append(instrument)

    def collect(self) -> list:
        # the SDK holds its consumer lock while it runs observable callbacks
        with self._lock:
            points = []
            for instrument in self._async_instruments:
                for callback in instrument.callbacks:
                    points.extend(callback(None))
            return points


class ObservableGauge:
    def __init__(self, name: str, callbacks: List[Callable]) -> None:
        self.name = name
        self.callbacks = callbacks


class Meter:
    def __init__(self, consumer: MeasurementConsumer) -> None:
        self._consumer = consumer

    def create_observable_gauge(self, name, description="", unit="1", callbacks=()):
        instrument = ObservableGauge(name, list(callbacks))
        self._consumer.register_asynchronous_instrument(instrument)
        return instrument


# --- ray/_private/telemetry/open_telemetry_metric_recorder.py --------------
class OpenTelemetryMetricRecorder:
    def __init__(self, meter: Meter) -> None:
        self._lock = threading.Lock()
        # Lock order: _registration_lock -> SDK consumer lock; self._lock is never
        # held across meter.create_* (collect() takes SDK lock -> self._lock).
        self._registration_lock = threading.Lock()
        self._registered_instruments: Dict[str, ObservableGauge] = {}
        self._gauge_observations_by_name: Dict[str, Dict[tuple, float]] = {}
        self.meter = meter

    def _create_observable_callback(self, name: str):
        def callback(options):
            with self._lock:
                observations = self._gauge_observations_by_name.get(name, {})
                return [(name, tags, value) for tags, value in observations.items()]
        return callback

    def register_gauge_metric(self, name: str, description: str) -> None:
        with self._registration_lock:
            with self._lock:
                if name in self._registered_instruments:
                    return
                self._gauge_observations_by_name[name] = {}
            callback = self._create_observable_callback(name)
            instrument = self.meter.create_observable_gauge(
                name=f"{NAMESPACE}_{name}",
                description=description,
                unit="1",
                callbacks=[callback],
            )
            with self._lock:
                self._registered_instruments[name] = instrument

    def set_metric_value(self, name: str, tags: dict, value: float) -> None:
        with self._lock:
            self._gauge_observations_by_name[name][tuple(sorted(tags.items()))] = value


def scrape_forever(consumer: MeasurementConsumer, stop: threading.Event) -> None:
    while not stop.is_set():
        consumer.collect()  # Prometheus scrape on the serve thread
        time.sleep(0.0005)


if __name__ == "__main__":
    consumer = MeasurementConsumer()
    recorder = OpenTelemetryMetricRecorder(Meter(consumer))
    recorder.register_gauge_metric("node_cpu", "cpu")
    recorder.set_metric_value("node_cpu", {"node": "a"}, 1.0)
    stop = threading.Event()
    scraper = threading.Thread(target=scrape_forever, args=(consumer, stop), daemon=True)
    scraper.start()
    for i in range(300):  # OTLP Export handler registering new gauges
        recorder.register_gauge_metric(f"gauge_{i}", "exported")
    stop.set()
    scraper.join()
