"""opentelemetry-api Meter._register_instrument + opentelemetry-sdk Meter.create_counter (reduced)."""
from logging import getLogger
from threading import Lock, Thread
from typing import Dict, NamedTuple, Optional

_logger = getLogger(__name__)


class _InstrumentRegistrationStatus(NamedTuple):
    instrument_id: str
    already_registered: bool
    conflict: bool
    current_advisory: Optional[dict]


class APIMeter:
    """opentelemetry.metrics._internal.Meter"""

    def __init__(self, name: str) -> None:
        self._name = name
        self._instrument_ids: Dict[str, Optional[dict]] = {}
        self._instrument_ids_lock = Lock()

    def _register_instrument(self, name, type_, unit, description, advisory=None):
        instrument_id = ",".join([name.strip().lower(), type_.__name__, unit, description])
        with self._instrument_ids_lock:
            # we are not using get because None is a valid value
            already_registered = instrument_id in self._instrument_ids
            if already_registered:
                current_advisory = self._instrument_ids[instrument_id]
            else:
                self._instrument_ids[instrument_id] = advisory
                current_advisory = advisory
        return _InstrumentRegistrationStatus(
            instrument_id=instrument_id,
            already_registered=already_registered,
            conflict=already_registered and current_advisory != advisory,
            current_advisory=current_advisory,
        )


class _Counter:
    def __init__(self, name, instrumentation_scope, measurement_consumer, unit="", description=""):
        self.name = name
        self._measurement_consumer = measurement_consumer
        self._value = 0

    def add(self, amount: int) -> None:
        self._value += amount


class Meter(APIMeter):
    """opentelemetry.sdk.metrics._internal.Meter"""

    def __init__(self, instrumentation_scope: str, measurement_consumer=None) -> None:
        super().__init__(instrumentation_scope)
        self._instrumentation_scope = instrumentation_scope
        self._measurement_consumer = measurement_consumer
        self._instrument_id_instrument: Dict[str, _Counter] = {}
        self._instrument_id_instrument_lock = Lock()

    def create_counter(self, name, unit="", description="") -> _Counter:
        with self._instrument_id_instrument_lock:
            status = self._register_instrument(name, _Counter, unit, description)

            if status.already_registered:
                instrument = self._instrument_id_instrument[status.instrument_id]
            else:
                instrument = _Counter(
                    name, self._instrumentation_scope, self._measurement_consumer, unit, description
                )
                self._instrument_id_instrument[status.instrument_id] = instrument

        if status.conflict:
            self._log_instrument_registration_conflict(name, "Counter", unit, description, status)
        return instrument

    def _log_instrument_registration_conflict(self, name, kind, unit, description, status):
        _logger.warning("An instrument with name %s, type %s, unit %s and description %s "
                        "has been created already.", name, kind, unit, description)


def handle_request(meter: Meter, errors: list) -> None:
    try:
        meter.create_counter("http.server.requests", "1", "requests served").add(1)
    except KeyError as exc:
        errors.append(exc)


if __name__ == "__main__":
    errors: list = []
    for _ in range(200):
        meter = Meter("my.service")
        threads = [Thread(target=handle_request, args=(meter, errors)) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    print("KeyError from half-registered instruments:", len(errors))
