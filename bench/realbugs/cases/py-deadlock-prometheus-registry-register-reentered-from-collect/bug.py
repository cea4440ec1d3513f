from threading import Lock


class Metric:
    def __init__(self, name, documentation, typ):
        self.name = name
        self.documentation = documentation
        self.type = typ
        self.samples = []


class CollectorRegistry:
    """Metric collector registry."""

    def __init__(self, auto_describe=False):
        self._collector_to_names = {}
        self._names_to_collectors = {}
        self._auto_describe = auto_describe
        self._lock = Lock()

    def register(self, collector):
        """Add a collector to the registry."""
        with self._lock:
            names = self._get_names(collector)
            duplicates = set(self._names_to_collectors).intersection(names)
            if duplicates:
                raise ValueError(
                    'Duplicated timeseries in CollectorRegistry: {}'.format(duplicates))
            for name in names:
                self._names_to_collectors[name] = collector
            self._collector_to_names[collector] = names

    def _get_names(self, collector):
        """Get names of timeseries the collector produces and clashes with."""
        desc_func = None
        try:
            desc_func = collector.describe
        except AttributeError:
            pass
        if not desc_func and self._auto_describe:
            desc_func = collector.collect
        if not desc_func:
            return []
        result = []
        type_suffixes = {'counter': ['_total', '_created'], 'gauge': []}
        for metric in desc_func():
            result.append(metric.name)
            for suffix in type_suffixes.get(metric.type, []):
                result.append(metric.name + suffix)
        return result


REGISTRY = CollectorRegistry(auto_describe=True)


class Counter:
    def __init__(self, name, documentation, registry=REGISTRY):
        self._name = name
        self._documentation = documentation
        self._value = 0.0
        if registry:
            registry.register(self)

    def describe(self):
        return [Metric(self._name, self._documentation, 'counter')]

    def inc(self, amount=1):
        self._value += amount


# --- django-prometheus style instrumented cache -----------------------------
_cache_counters = {}


def cache_get_total(backend):
    # metric objects are created lazily, on the first instrumented cache access
    if backend not in _cache_counters:
        _cache_counters[backend] = Counter(
            'django_cache_get_total_' + backend, 'Total get requests on cache')
    return _cache_counters[backend]


class InstrumentedCache:
    def __init__(self, backend):
        self.backend = backend
        self._data = {'tenants': ['a', 'b']}

    def get(self, key):
        cache_get_total(self.backend).inc()
        return self._data.get(key)


cache = InstrumentedCache('locmem')


class TenantCollector:
    """Custom collector without describe(): the registry calls collect()."""

    def collect(self):
        for tenant in cache.get('tenants'):
            yield Metric('tenant_' + tenant + '_up', 'Tenant is up', 'gauge')


if __name__ == '__main__':
    REGISTRY.register(TenantCollector())
