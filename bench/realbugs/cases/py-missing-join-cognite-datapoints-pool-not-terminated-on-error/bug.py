import io
import time
from multiprocessing import Pool

import pandas as pd

from cognite import config
from cognite._utils import _api_request, _split_TimeSeries_in_time_windows


def _get_datapoints_frame_helper(time_series, aggregates, granularity, start, end, api_key, project):
    url = config.get_base_url(api_version=0.5) + "/projects/{}/timeseries/dataframe".format(project)
    body = {
        "items": [{"name": ts} for ts in time_series],
        "aggregates": ",".join(aggregates),
        "granularity": granularity,
        "start": start,
        "end": end,
    }
    res = _api_request("POST", url, body=body, headers={"api-key": api_key, "accept": "text/csv"})
    return pd.read_csv(io.StringIO(res.content.decode(res.encoding or "utf-8")))


def _get_datapoints_frame_helper_wrapper(args):
    return _get_datapoints_frame_helper(*args)


def get_datapoints_frame(time_series, aggregates, granularity, start=None, end=None, **kwargs):
    """Returns a pandas dataframe of datapoints for the given timeseries all on the same timestamps.

    Keyword Arguments:
        processes (int): Number of download processes to run in parallel. Defaults to number returned by cpu_count().
    """
    api_key, project = config.get_config_variables(kwargs.get("api_key"), kwargs.get("project"))
    start = start or 0
    end = end or int(time.time() * 1000)
    num_of_processes = kwargs.get("processes", 10)

    windows = _split_TimeSeries_in_time_windows(start, end, num_of_processes)
    args = [(time_series, aggregates, granularity, w["start"], w["end"], api_key, project) for w in windows]

    p = Pool(num_of_processes)

    dataframes = p.map(_get_datapoints_frame_helper_wrapper, args)
    p.terminate()

    df = pd.concat(dataframes).drop_duplicates(subset="timestamp").reset_index(drop=True)
    return df


if __name__ == "__main__":
    # an expired API key makes every worker raise; p.map() re-raises in the
    # parent and the ten worker processes are never terminated or joined
    print(get_datapoints_frame(["sensor-1"], ["avg"], "1m", api_key="expired", project="demo"))
