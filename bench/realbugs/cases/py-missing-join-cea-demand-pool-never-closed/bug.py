"""CityEnergyAnalyst: reduction of cea/demand/demand_main.py
(thermal_loads_all_buildings_multiprocessing).

The demand script computes the thermal loads of every building in a
multiprocessing pool.  Optimisation loops call it hundreds of times.
"""
import multiprocessing as mp


class BuildingProperties:
    def __init__(self, names):
        self._names = list(names)

    def list_building_names(self):
        return list(self._names)

    def __getitem__(self, name):
        return {"name": name, "floors": 3 + len(name) % 4}

    def __len__(self):
        return len(self._names)


def calc_thermal_loads(building_name, bpr, weather_data, date):
    # stand-in for the hourly thermal load model
    return sum(t * bpr["floors"] for t in weather_data) / len(date)


def thermal_loads_all_buildings_multiprocessing(building_properties, weather_data, date):
    pool = mp.Pool()
    joblist = []
    num_buildings = len(building_properties)
    for building in building_properties.list_building_names():
        bpr = building_properties[building]
        job = pool.apply_async(calc_thermal_loads,
                               [building, bpr, weather_data, date])
        joblist.append(job)
    results = []
    for i, job in enumerate(joblist):
        results.append(job.get(240))
        print("Building No. %i completed out of %i" % (i + 1, num_buildings))
    return results


def optimization_loop(generations):
    props = BuildingProperties("B%03d" % i for i in range(8))
    weather = [12.0, 14.5, 9.8, 7.1]
    date = list(range(24))
    for _ in range(generations):
        thermal_loads_all_buildings_multiprocessing(props, weather, date)


if __name__ == "__main__":
    optimization_loop(5)
