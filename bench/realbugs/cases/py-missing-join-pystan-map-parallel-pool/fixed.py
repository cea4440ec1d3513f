"""pystan/model.py: run one sampling chain per process."""
import os
import warnings


def _map_parallel(function, args, n_jobs):
    """multiprocessing.Pool(processors=n_jobs).map with some error checking"""
    # Following the error checking found in joblib
    multiprocessing = int(os.environ.get('JOBLIB_MULTIPROCESSING', 1)) or None
    if multiprocessing:
        try:
            import multiprocessing
            import multiprocessing.pool
        except ImportError:
            multiprocessing = None
    # 2nd stage: validate that locking is available on the system and
    #            issue a warning if not
    if multiprocessing:
        try:
            _sem = multiprocessing.Semaphore()
            del _sem  # cleanup
        except (ImportError, OSError) as e:
            multiprocessing = None
            warnings.warn('%s. _map_parallel will operate in serial mode' % (e,))
    if multiprocessing and int(n_jobs) not in (0, 1):
        if n_jobs == -1:
            n_jobs = None
        pool = multiprocessing.Pool(processes=n_jobs)
        map_result = pool.map(function, args)
        pool.close()
        pool.join()
    else:
        map_result = list(map(function, args))
    return map_result


def _call_sampler_star(data_args):
    data, args = data_args
    return {"chain_id": args["chain_id"], "samples": [x * 2 for x in data]}


class StanModel:
    def sampling(self, data, chains=4, n_jobs=-1):
        args_list = [{"chain_id": i} for i in range(chains)]
        call_sampler_args = [(data, args) for args in args_list]
        return _map_parallel(_call_sampler_star, call_sampler_args, n_jobs)


if __name__ == "__main__":
    model = StanModel()
    for _ in range(3):  # each fit leaves its worker processes and pool threads behind
        fit = model.sampling([1, 2, 3], chains=2, n_jobs=2)
    print(len(fit), "chains")
