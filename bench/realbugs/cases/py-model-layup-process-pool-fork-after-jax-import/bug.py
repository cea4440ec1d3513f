""" A module for utilities useful for processing data in structured numpy arrays """
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

import jax.numpy as jnp  # layup.convert -> orbit_conversion imports JAX at module load
import numpy as np

logger = logging.getLogger(__name__)

_NUM_WORKERS_ENV = "LAYUP_NUM_WORKERS"


def _running_inside_a_worker():
    """Whether this process is already one of several running in parallel."""
    if multiprocessing.parent_process() is not None:
        return True
    return bool(os.environ.get("PYTEST_XDIST_WORKER"))


def resolve_num_workers(num_workers):
    """Resolve a requested worker count to the number of processes to start."""
    if num_workers is not None and num_workers >= 0:
        return num_workers
    override = os.environ.get(_NUM_WORKERS_ENV)
    if override:
        return max(1, int(override))
    if _running_inside_a_worker():
        return 1
    return max(1, os.cpu_count() or 1)


def _apply_func_with_kwargs(func, data, kwargs):
    """Utility function that unpacks the tuple to run the function and kwargs."""
    return func(data, **kwargs)


def _run_pool(tuple_task_list, n_workers):
    """Run the (func, chunked_data, kwargs) tuples on n_workers processes."""
    with ProcessPoolExecutor(max_workers=n_workers) as executor:
        futures = [executor.submit(_apply_func_with_kwargs, *task) for task in tuple_task_list]
        results = [future.result() for future in futures]
    return np.concatenate(results)


def process_data(data, n_workers, func, **kwargs):
    """Process a structured numpy array in parallel for a given function and keyword arguments."""
    if n_workers < 1:
        raise ValueError(f"n_workers must be greater than 0, {n_workers} was provided.")
    if len(data) == 0:
        return data
    block_size = max(1, int(np.ceil(len(data) / n_workers)))
    blocks = [(i, min(i + block_size, len(data))) for i in range(0, len(data), block_size)]
    tuple_task_list = [(func, data[start:end], kwargs) for start, end in blocks]
    return _run_pool(tuple_task_list, n_workers)


def process_data_by_id(data, n_workers, func, primary_id_column_name, **kwargs):
    """Process the rows of each unique primary id in parallel."""
    if n_workers < 1:
        raise ValueError(f"n_workers must be greater than 0, {n_workers} was provided.")
    if len(data) == 0:
        return data
    kwargs["primary_id_column_name"] = primary_id_column_name
    pid_list = [data[data[primary_id_column_name] == id] for id in np.unique(data[primary_id_column_name])]
    tuple_task_list = [(func, pid_chunked_data, kwargs) for pid_chunked_data in pid_list]
    return _run_pool(tuple_task_list, n_workers)


def _convert_block(data, *, scale):
    # Each worker touches JAX; a forked worker may inherit an XLA mutex held
    # by one of the parent's JAX threads at fork time and hang right here.
    return np.asarray(jnp.asarray(data["x"]) * scale)


if __name__ == "__main__":
    rows = np.zeros(64, dtype=[("ObjID", "i4"), ("x", "f8")])
    rows["ObjID"] = np.arange(64) % 8
    rows["x"] = np.arange(64)
    jnp.asarray(rows["x"]).sum()  # warms up XLA: its thread pool is now running
    print(process_data(rows, resolve_num_workers(-1), _convert_block, scale=2.0)[:4])
