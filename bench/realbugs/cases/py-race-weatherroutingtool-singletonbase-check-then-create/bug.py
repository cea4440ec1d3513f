"""WeatherRoutingTool: SingletonBase.__call__ checks and fills _instances without a lock."""
import threading
import time


class SingletonBase(type):
    """Metaclass for classes that should only ever have one instance (e.g. the config, the logger)."""

    _instances = {}

    def __call__(cls, *args, **kwargs):
        # TODO: make this thread-safe
        if cls not in cls._instances:
            instance = super().__call__(*args, **kwargs)
            cls._instances[cls] = instance
        return cls._instances[cls]


class WeatherCond:
    pass


class WeatherCondFromFile(WeatherCond, metaclass=SingletonBase):
    """Loads the weather netCDF once and shares it between route optimisers."""

    constructed = 0

    def __init__(self, file_path, time_resolution=3):
        WeatherCondFromFile.constructed += 1
        self.file_path = file_path
        self.time_resolution = time_resolution
        self.ds = self.read_dataset()

    def read_dataset(self):
        time.sleep(0.05)  # opening the netCDF file
        return {"u": [0.0] * 8, "v": [0.0] * 8}

    def get_wind(self, lat, lon):
        return self.ds["u"][0], self.ds["v"][0]


class RoutingAlg:
    def __init__(self, weather_path):
        self.weather_path = weather_path

    def execute_routing(self, results):
        wt = WeatherCondFromFile(self.weather_path)
        results.append(id(wt))
        wt.get_wind(54.0, 10.0)


def run_parallel(n=4):
    results = []
    algs = [RoutingAlg("/tmp/weather.nc") for _ in range(n)]
    threads = [threading.Thread(target=alg.execute_routing, args=(results,)) for alg in algs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


if __name__ == "__main__":
    ids = run_parallel()
    print("instances:", len(set(ids)), "constructed:", WeatherCondFromFile.constructed)
