"""opentelemetry.trace: set_tracer_provider() checks and sets the global provider without a lock."""
import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Optional

logger = logging.getLogger(__name__)
OTEL_PYTHON_TRACER_PROVIDER = "OTEL_PYTHON_TRACER_PROVIDER"


class TracerProvider:
    def __init__(self, name="sdk"):
        self.name = name

    def get_tracer(self, instrumenting_module_name, instrumenting_library_version=""):
        return (self.name, instrumenting_module_name)


class ProxyTracer:
    def __init__(self, instrumenting_module_name, instrumenting_library_version):
        self._instrumenting_module_name = instrumenting_module_name
        self._instrumenting_library_version = instrumenting_library_version
        self._real_tracer = None

    @property
    def _tracer(self):
        if self._real_tracer:
            return self._real_tracer
        if _TRACER_PROVIDER:
            self._real_tracer = _TRACER_PROVIDER.get_tracer(
                self._instrumenting_module_name, self._instrumenting_library_version
            )
            return self._real_tracer
        return ("noop", self._instrumenting_module_name)


def _load_provider(env_var, provider):
    return TracerProvider(os.environ[env_var])


_TRACER_PROVIDER: Optional[TracerProvider] = None


def set_tracer_provider(tracer_provider: TracerProvider) -> None:
    """Sets the current global TracerProvider object. This can only be done once."""
    global _TRACER_PROVIDER  # pylint: disable=global-statement

    if _TRACER_PROVIDER is not None:
        logger.warning("Overriding of current TracerProvider is not allowed")
        return

    _TRACER_PROVIDER = tracer_provider


def get_tracer_provider() -> TracerProvider:
    """Gets the current global TracerProvider object."""
    global _TRACER_PROVIDER
    if _TRACER_PROVIDER is None:
        if OTEL_PYTHON_TRACER_PROVIDER not in os.environ:
            return TracerProvider("proxy")
        _TRACER_PROVIDER = _load_provider(OTEL_PYTHON_TRACER_PROVIDER, "tracer_provider")
    return _TRACER_PROVIDER


proxy = ProxyTracer("requests", "2.26")


def configure_tracing():
    # worker initializer: every pool thread configures tracing "once"
    set_tracer_provider(TracerProvider("sdk-" + threading.current_thread().name))
    return proxy._tracer


def main():
    with ThreadPoolExecutor(max_workers=8, initializer=configure_tracing) as pool:
        pool.map(lambda _: None, range(8))
    print("proxy cached:", proxy._real_tracer[0], "global:", _TRACER_PROVIDER.name)


if __name__ == "__main__":
    main()
