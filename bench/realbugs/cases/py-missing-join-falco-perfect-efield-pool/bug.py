"""Estimation of the dark-hole E-field used by the FALCO wavefront-control loop."""
import multiprocessing

import numpy as np


class Object(object):
    pass


class ModelParameters(Object):
    def __init__(self, Nthreads=4, Nmode=3, Nwpsbp=2, Npix=16):
        self.flagMultiproc = True
        self.Nthreads = Nthreads
        self.Nwpsbp = Nwpsbp
        self.jac = Object()
        self.jac.Nmode = Nmode
        self.Fend = Object()
        self.Fend.corr = Object()
        self.Fend.corr.Npix = Npix


def _est_perfect_Efield_with_Zernikes_in_parallel(mp, ilist, inds_list):
    """Compute the perfect E-field for one (mode, wavelength) pair."""
    im = inds_list[ilist][0]  # Index of the Jacobian mode
    wi = inds_list[ilist][1]  # Index of the wavelength in the sub-bandpass
    rng = np.random.default_rng(1000 * im + wi)
    return rng.standard_normal(mp.Fend.corr.Npix) + 1j * rng.standard_normal(mp.Fend.corr.Npix)


def perfect(mp):
    """
    Return the perfect-knowledge E-field from the full model.

    Returns
    -------
    Emat : numpy ndarray
        2-D array with the vectorized, complex E-field of the dark hole pixels
        for each mode included in the control Jacobian.
    """
    if not isinstance(mp, ModelParameters):
        raise TypeError('Input "mp" must be of type ModelParameters')

    if mp.flagMultiproc:
        Emat = np.zeros((mp.Fend.corr.Npix, mp.jac.Nmode), dtype=complex)

        # Loop over all modes and wavelengths
        inds_list = [(x, y) for x in range(mp.jac.Nmode) for y in range(mp.Nwpsbp)]
        Nvals = mp.jac.Nmode * mp.Nwpsbp

        pool = multiprocessing.Pool(processes=mp.Nthreads)
        resultsRaw = [pool.apply_async(_est_perfect_Efield_with_Zernikes_in_parallel,
                                       args=(mp, ilist, inds_list)) for ilist in range(Nvals)]
        results = [p.get() for p in resultsRaw]  # All the images in a list

        # Re-order for easier indexing
        Ecube = np.zeros((mp.Fend.corr.Npix, mp.jac.Nmode, mp.Nwpsbp), dtype=complex)
        for iv in range(Nvals):
            im = inds_list[iv][0]
            wi = inds_list[iv][1]
            Ecube[:, im, wi] = results[iv]
        Emat = np.mean(Ecube, axis=2)  # Average over wavelengths in the subband
    else:
        Emat = np.zeros((mp.Fend.corr.Npix, mp.jac.Nmode), dtype=complex)
    return Emat


def loop(mp, Nitr=5):
    """WFSC loop: the estimator runs once per iteration."""
    for _ in range(Nitr):
        Emat = perfect(mp)
    return Emat


if __name__ == "__main__":
    print(loop(ModelParameters()).shape)
