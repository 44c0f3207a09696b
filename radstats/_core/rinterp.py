"""R's ``spline()`` (Forsythe–Malcolm–Moler) and ``approx()``, for exact parity.

Where radstats reproduces an R result that is read off an interpolant (for
example ``MASS::confint.glm``, which splines each likelihood profile), the
interpolant has to be R's own: these are implementations of the published
algorithms with R's conventions (sorting and averaging tied abscissae, the
evaluation grid of ``spline(n = 3 * length(x))``, ``approx``'s ``rule = 1``).
"""

from __future__ import annotations

import numpy as np


def _regularize(x, y) -> tuple[np.ndarray, np.ndarray]:
    """R's ``regularize.values(x, y, ties = mean)``: sorted ``x``, ties averaged."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    keep = ~(np.isnan(x) | np.isnan(y))
    x, y = x[keep], y[keep]
    order = np.argsort(x, kind="stable")
    x, y = x[order], y[order]
    unique, inverse, counts = np.unique(x, return_inverse=True, return_counts=True)
    if len(unique) == len(x):
        return x, y
    return unique, np.bincount(inverse, weights=y) / counts


def _fmm_coefficients(x: np.ndarray, y: np.ndarray):
    """Cubic coefficients ``b, c, d`` per knot of the FMM spline.

    Forsythe, Malcolm & Moler (1977), *Computer Methods for Mathematical
    Computations*, routine SPLINE: a tridiagonal system for the second
    derivatives whose end conditions match the third derivative of the cubic
    through the four points at each end (no end condition with three points).
    """
    n = len(x)
    if n < 3:
        slope = (y[1] - y[0]) / (x[1] - x[0])
        return np.full(2, slope), np.zeros(2), np.zeros(2)
    h = np.diff(x)
    slopes = np.diff(y) / h
    diag = np.empty(n)
    rhs = np.empty(n)
    diag[1:-1] = 2 * (h[:-1] + h[1:])
    rhs[1:-1] = slopes[1:] - slopes[:-1]
    diag[0], diag[-1] = -h[0], -h[-1]
    rhs[0] = rhs[-1] = 0.0
    if n > 3:
        first = rhs[2] / (x[3] - x[1]) - rhs[1] / (x[2] - x[0])
        last = rhs[-2] / (x[-1] - x[-3]) - rhs[-3] / (x[-2] - x[-4])
        rhs[0] = first * h[0] ** 2 / (x[3] - x[0])
        rhs[-1] = -last * h[-1] ** 2 / (x[-1] - x[-4])
    for i in range(1, n):  # elimination; the off-diagonal is h
        factor = h[i - 1] / diag[i - 1]
        diag[i] -= factor * h[i - 1]
        rhs[i] -= factor * rhs[i - 1]
    sigma = np.empty(n)
    sigma[-1] = rhs[-1] / diag[-1]
    for i in range(n - 2, -1, -1):
        sigma[i] = (rhs[i] - h[i] * sigma[i + 1]) / diag[i]
    b = np.empty(n)
    d = np.empty(n)
    b[:-1] = slopes - h * (sigma[1:] + 2 * sigma[:-1])
    b[-1] = slopes[-1] + h[-1] * (sigma[-2] + 2 * sigma[-1])
    d[:-1] = (sigma[1:] - sigma[:-1]) / h
    d[-1] = d[-2]
    return b, 3 * sigma, d


def r_spline(x, y, n: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``spline(x, y, n = 3 * length(x), method = "fmm")``: ``n`` equally spaced
    points from ``min(x)`` to ``max(x)`` and the spline's values there.

    Examples
    --------
    >>> xs, ys = r_spline([0.0, 1.0, 2.0, 3.0], [0.0, 1.0, 8.0, 27.0], n=4)
    >>> ys.round(12).tolist()  # the FMM end conditions reproduce a cubic exactly
    [0.0, 1.0, 8.0, 27.0]
    """
    x, y = _regularize(x, y)
    n = 3 * len(x) if n is None else n
    b, c, d = _fmm_coefficients(x, y)
    grid = np.linspace(x[0], x[-1], n)
    knot = np.clip(np.searchsorted(x, grid, side="right") - 1, 0, len(x) - 1)
    dx = grid - x[knot]
    return grid, y[knot] + dx * (b[knot] + dx * (c[knot] + dx * d[knot]))


def r_approx(x, y, xout) -> np.ndarray:
    """``approx(x, y, xout)``: linear interpolation, NaN outside ``range(x)`` (rule 1).

    Examples
    --------
    >>> r_approx([0.0, 1.0, 1.0, 2.0], [0.0, 1.0, 3.0, 4.0], [0.5, 3.0]).tolist()
    [1.0, nan]
    """
    x, y = _regularize(x, y)
    xout = np.asarray(xout, dtype=float)
    inside = (xout >= x[0]) & (xout <= x[-1])
    return np.where(inside, np.interp(xout, x, y), np.nan)
