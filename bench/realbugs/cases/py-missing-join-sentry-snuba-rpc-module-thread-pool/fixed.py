# src/sentry/utils/snuba_rpc.py (reduced)
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial

logger = logging.getLogger(__name__)

class TraceItemTableRequest:
    def __init__(self, referrer):
        self.referrer = referrer


class TimeSeriesRequest(TraceItemTableRequest):
    pass


class _SnubaPool:
    def urlopen(self, method, url, body=b"", headers=None):
        return {"status": 200, "url": url, "data": body}


_snuba_pool = _SnubaPool()


@dataclass(frozen=True)
class MultiRpcResponse:
    table_response: list
    timeseries_response: list


def _make_rpc_request(endpoint_name, class_version, referrer, req, thread_isolation_scope=None):
    return _snuba_pool.urlopen(
        "POST",
        f"/rpc/{endpoint_name}/{class_version}",
        body=repr(req).encode(),
        headers={"referer": referrer} if referrer else {},
    )


def _make_rpc_requests(table_requests=None, timeseries_requests=None) -> MultiRpcResponse:
    """Given lists of requests batch and run them together"""
    table_requests = [] if table_requests is None else table_requests
    timeseries_requests = [] if timeseries_requests is None else timeseries_requests
    requests = table_requests + timeseries_requests

    endpoint_names = [
        "EndpointTimeSeries" if isinstance(r, TimeSeriesRequest) else "EndpointTraceItemTable"
        for r in requests
    ]
    referrers = [req.referrer for req in requests]

    # Sets the thread parameters once so we're not doing it in the map repeatedly
    partial_request = partial(_make_rpc_request, thread_isolation_scope=object())
    with ThreadPoolExecutor(thread_name_prefix=__name__, max_workers=10) as query_thread_pool:
        response = [
            result
            for result in query_thread_pool.map(
                partial_request,
                endpoint_names,
                # Currently assuming everything is v1
                ["v1"] * len(referrers),
                referrers,
                requests,
            )
        ]

    timeseries_results, table_results = [], []
    for request, item in zip(requests, response):
        if isinstance(request, TimeSeriesRequest):
            timeseries_results.append(item)
        else:
            table_results.append(item)
    return MultiRpcResponse(table_results, timeseries_results)


def table_rpc(requests):
    return _make_rpc_requests(table_requests=requests).table_response


def timeseries_rpc(requests):
    return _make_rpc_requests(timeseries_requests=requests).timeseries_response
