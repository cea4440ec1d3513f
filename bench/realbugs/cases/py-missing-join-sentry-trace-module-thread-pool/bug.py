"""Reduction of sentry/api/endpoints/organization_trace.py (getsentry/sentry#95732)."""
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from typing import Any

# 1 worker each for spans, errors, performance issues
_query_thread_pool = ThreadPoolExecutor(max_workers=3)

API_TRACE_VIEW_GET_EVENTS = "api.trace-view.get-events"


class DiscoverQueryBuilder:
    def __init__(self, dataset, query):
        self.dataset = dataset
        self.query = query

    def run_query(self, referrer):
        return {"data": [{"id": "e1", "trace.span": "s1", "project_id": 1, "occurrence_id": "o1"}]}

    def process_results(self, result):
        return result


def run_trace_query(trace_id, snuba_params, referrer, config, additional_attributes):
    return [{"id": "s1", "parent_span": None, "children": [], "errors": [], "occurrences": []}]


def _errors_query(snuba_params, trace_id, error_id):
    return DiscoverQueryBuilder("events", f"trace:{trace_id}")


def _run_errors_query(errors_query: DiscoverQueryBuilder):
    error_data = errors_query.process_results(errors_query.run_query(API_TRACE_VIEW_GET_EVENTS))["data"]
    for event in error_data:
        event["event_type"] = "error"
    return error_data


def _perf_issues_query(snuba_params, trace_id) -> DiscoverQueryBuilder:
    return DiscoverQueryBuilder("issueplatform", f"trace:{trace_id}")


def _run_perf_issues_query(occurrence_query: DiscoverQueryBuilder):
    data = occurrence_query.process_results(occurrence_query.run_query(API_TRACE_VIEW_GET_EVENTS))["data"]
    return [{"occurrence": event, "issue_id": 1} for event in data]


def query_trace_data(snuba_params, trace_id: str, error_id=None, additional_attributes=None):
    """Query SerializedEvent data for a given trace"""
    errors_query = _errors_query(snuba_params, trace_id, error_id)
    occurrence_query = _perf_issues_query(snuba_params, trace_id)

    spans_future = _query_thread_pool.submit(
        run_trace_query,
        trace_id,
        snuba_params,
        API_TRACE_VIEW_GET_EVENTS,
        None,
        additional_attributes,
    )
    errors_future = _query_thread_pool.submit(_run_errors_query, errors_query)
    occurrence_future = _query_thread_pool.submit(_run_perf_issues_query, occurrence_query)

    spans_data = spans_future.result()
    errors_data = errors_future.result()
    occurrence_data = occurrence_future.result()

    result = []
    id_to_error: dict[str, Any] = {}
    for event in errors_data:
        id_to_error.setdefault(event["trace.span"], []).append(event)
    id_to_occurrence = defaultdict(list)
    for event in occurrence_data:
        id_to_occurrence[event["occurrence"]["id"]].append(event)
    for span in spans_data:
        result.append(span)
        span["errors"].extend(id_to_error.pop(span["id"], []))
        span["occurrences"].extend(id_to_occurrence[span["id"]])
    return result


if __name__ == "__main__":
    print(query_trace_data({}, "a" * 32))
