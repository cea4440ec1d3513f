"""dipy/direction/peaks.py: peaks_from_model(parallel=True) fits chunks of voxels in worker processes."""
import os
import pickle
import tempfile
from itertools import repeat
from multiprocessing import Pool, cpu_count
from os import path


def determine_num_processes(num_processes):
    if num_processes is None:
        return cpu_count()
    if num_processes < 0:
        return max(cpu_count() + num_processes + 1, 1)
    return num_processes


class PeaksAndMetrics:
    pass


def _peaks_from_model_parallel(model, data, sphere, mask, npeaks, num_processes):
    n = len(data)
    nbr_chunks = num_processes**2
    chunk_size = max(1, -(-n // nbr_chunks))
    indices = list(zip(range(0, n, chunk_size), range(chunk_size, n + chunk_size, chunk_size)))

    with tempfile.TemporaryDirectory() as tmpdir:
        data_file_name = path.join(tmpdir, "data.npy")
        with open(data_file_name, "wb") as fp:
            pickle.dump(data, fp)
        mask_file_name = None

        pool = Pool(num_processes)

        pam_res = pool.map(
            _peaks_from_model_parallel_sub,
            zip(
                repeat((data_file_name, mask_file_name)),
                indices,
                repeat(model),
                repeat(sphere),
                repeat(npeaks),
            ),
        )
        pool.close()

        pam = PeaksAndMetrics()
        pam.sphere = sphere
        pam.peak_values = [v for chunk in pam_res for v in chunk.peak_values]

        # Make sure all worker processes have exited before leaving context
        # manager in order to prevent temporary file deletion errors in windows
        pool.join()

    return pam


def _peaks_from_model_parallel_sub(args):
    (data_file_name, mask_file_name) = args[0]
    (start_pos, end_pos) = args[1]
    model, sphere, npeaks = args[2], args[3], args[4]
    with open(data_file_name, "rb") as fp:
        data = pickle.load(fp)[start_pos:end_pos]
    return peaks_from_model(model, data, sphere, npeaks=npeaks, parallel=False)


def peaks_from_model(model, data, sphere, mask=None, npeaks=5, parallel=False, num_processes=None):
    # sh_to_sf_matrix / the Cython+OpenMP peak search run multi-threaded in this process
    num_processes = determine_num_processes(num_processes)
    if parallel and num_processes > 1:
        return _peaks_from_model_parallel(model, data, sphere, mask, npeaks, num_processes)

    pam = PeaksAndMetrics()
    pam.sphere = sphere
    pam.peak_values = [max(sphere, key=lambda v: model * v * voxel) for voxel in data]
    return pam


if __name__ == "__main__":
    pam = peaks_from_model(2.0, [0.1 * i for i in range(64)], [0.0, 0.5, 1.0], parallel=True, num_processes=2)
    print(len(pam.peak_values), "voxels", os.getpid())
