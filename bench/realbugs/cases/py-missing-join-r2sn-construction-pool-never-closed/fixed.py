import os
from multiprocessing import Pool

import numpy as np


def load_features(path):
    """Radiomics feature matrix (regions x features) for one subject."""
    rng = np.random.default_rng(abs(hash(path)) % (2 ** 32))
    return rng.random((246, 47))


def build_network(subject_file, out_dir):
    features = load_features(subject_file)
    features = (features - features.mean(axis=0)) / (features.std(axis=0) + 1e-8)
    network = np.corrcoef(features)
    name = os.path.splitext(os.path.basename(subject_file))[0]
    np.savetxt(os.path.join(out_dir, name + "_R2SN.txt"), network, fmt="%.6f")
    return name


def construct_r2sn(subject_files, out_dir, n_jobs=4):
    os.makedirs(out_dir, exist_ok=True)
    pool = Pool(processes=n_jobs)
    try:
        results = []
        for subject_file in subject_files:
            results.append(pool.apply_async(build_network, args=(subject_file, out_dir)))
        done = [r.get() for r in results]
    finally:
        pool.close()
        pool.join()
    print("constructed %d networks" % len(done))
    return done


if __name__ == "__main__":
    subjects = ["sub-%03d.csv" % i for i in range(8)]
    construct_r2sn(subjects, "/tmp/r2sn_out")
