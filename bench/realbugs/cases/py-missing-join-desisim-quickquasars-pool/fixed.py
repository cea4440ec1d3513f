"""Reduction of desisim/scripts/quickquasars.py (main) after PR #568."""
import argparse
import multiprocessing


def simulate_one_healpix(ifilename, args, model, obsconditions, decam_and_wise_filters,
                         bassmzls_and_wise_filters, footprint_healpix_nside,
                         bal=None, sfdmap=None, eboss=None):
    # Reads one transmission file and writes the simulated spectra.
    return "spectra-{}".format(ifilename)


def _func(arg):
    """Used for multiprocessing.Pool"""
    return simulate_one_healpix(**arg)


def parse(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--infile", nargs="+", default=["transmission-16-0.fits"])
    parser.add_argument("--nproc", type=int, default=1)
    return parser.parse_args(argv)


def main(args=None):
    if not isinstance(args, argparse.Namespace):
        args = parse(args)

    func_args = [
        {
            "ifilename": f,
            "args": args,
            "model": "QSO",
            "obsconditions": None,
            "decam_and_wise_filters": None,
            "bassmzls_and_wise_filters": None,
            "footprint_healpix_nside": 16,
        }
        for f in args.infile
    ]

    if args.nproc > 1:
        with multiprocessing.Pool(args.nproc) as pool:
            results = pool.map(_func, func_args)
    else:
        results = [_func(a) for a in func_args]
    return results


if __name__ == "__main__":
    print(main(["--nproc", "4", "--infile", "a.fits", "b.fits"]))
