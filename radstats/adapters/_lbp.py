"""Keep PyRadiomics' LBP3D filter working on SciPy >= 1.17.

PyRadiomics' ``getLBP3DImage`` imports ``scipy.special.sph_harm`` when it
runs; SciPy 1.17 removed that function (its replacement, ``sph_harm_y``,
swaps the argument order and the angle names), and PyRadiomics then logs a
warning and yields no LBP3D image at all. :func:`ensure_sph_harm` puts back a
``sph_harm`` with SciPy < 1.17's exact signature and values, built on
``sph_harm_y``; it does nothing where SciPy still has ``sph_harm``.
"""

from __future__ import annotations

import scipy.special


def sph_harm(m, n, theta, phi):
    """SciPy < 1.17's ``sph_harm(m, n, theta, phi)``.

    Order ``m``, degree ``n``, azimuthal angle ``theta`` and polar angle
    ``phi``; ``sph_harm_y(n, m, polar, azimuth)`` computes the same function
    (equal to the last bit against SciPy 1.16's ``sph_harm``).

    Examples
    --------
    >>> import numpy as np
    >>> round(float(sph_harm(0, 0, 0.3, 1.2).real * 2 * np.sqrt(np.pi)), 12)
    1.0
    """
    return scipy.special.sph_harm_y(n, m, phi, theta)


def ensure_sph_harm() -> None:
    """Give ``scipy.special`` the ``sph_harm`` PyRadiomics' LBP3D needs, if it lacks one.

    The attribute is set on the process's ``scipy.special`` module (PyRadiomics
    looks it up there), once, when the first extractor is built."""
    if not hasattr(scipy.special, "sph_harm"):
        scipy.special.sph_harm = sph_harm
