"""Cleveland's LOWESS smoother, step for step as R's ``stats::lowess``.

Own implementation of the published algorithm (Cleveland 1979, 1981) with
R's conventions, needed for ``rms::val.prob`` parity: the span is
``max(2, min(n, floor(f n + 1e-7)))`` points; weights are tricube with full
weight within 0.001 h and zero beyond 0.999 h of the target; points within
``delta`` of the last fitted one are interpolated linearly; tied x values
share one fit; robustness passes use bisquare weights of the residuals scaled
by 6 median |residual|. Which points are fitted, and their windows, depend on
x only, so they are found first and all local fits then computed at once
(vectorised, in cache-sized blocks); the fits agree with the sequential
algorithm to about 1e-14.
"""

from __future__ import annotations

import numpy as np

_BLOCK = 20_000  # matrix elements per block of local fits


def _schedule(x: np.ndarray, span: int, delta: float):
    """Which points get a local fit, and their windows; depends on ``x`` only.

    Returns ``(fitted, left, right, tie_end)``: the indices fitted, each one's
    window ``left..right`` (``span`` nearest points) and the last index sharing
    its x value (ties take its fit). Points between one fitted point's ties and
    the next fitted point are within ``delta`` and are interpolated.
    """
    n = len(x)
    tie_end = np.searchsorted(x, x, side="right") - 1
    reach = np.maximum(np.arange(n) + 1, np.searchsorted(x, x + delta, side="right"))
    following = np.maximum(tie_end + 1, reach - 1)
    fitted = [0]
    while tie_end[fitted[-1]] < n - 1:
        fitted.append(int(following[fitted[-1]]))
    fitted = np.array(fitted)
    # R moves the window right while the point beyond it is nearer than its
    # first point; that comparison is monotone, so the window starts at the
    # first position where it fails (the last possible one if it never does).
    starts = np.arange(n - span)
    target = x[fitted][:, None]
    shrink = (target - x[starts][None, :]) > (x[starts + span][None, :] - target)
    left = (np.where(shrink.all(axis=1), n - span, shrink.argmin(axis=1)) if n > span
            else np.zeros(len(fitted), dtype=int))
    return fitted, left, left + span - 1, tie_end[fitted]


def _local_fits(x, y, fitted, left, right, robustness, x_range) -> np.ndarray:
    """Weighted local-linear fits at ``x[fitted]`` (tricube weights), all at once;
    a fit whose weights are all zero returns ``y`` there.

    Row k holds the points from ``left[k]`` on (a band as wide as the widest
    window): those within 0.999 h of the target get weight, as in R's
    ``lowest``, whose window ends at the first point beyond on the right.
    """
    width = int(min(len(x), (right - left).max() + 1 + _slack(x, left, right, fitted)))
    start = np.minimum(left, len(x) - width)
    band = start[:, None] + np.arange(width)[None, :]
    target = x[fitted][:, None]
    h = np.maximum(x[fitted] - x[left], x[right] - x[fitted])[:, None]
    offset = x[band] - target
    distance = np.abs(offset)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = distance / h
        weight = 1 - ratio * ratio * ratio  # tricube, without the slow power function
        weight = weight * weight * weight
    np.putmask(weight, distance <= 0.001 * h, 1.0)
    weight[(distance > 0.999 * h) | (band < left[:, None])] = 0.0
    if robustness is not None:
        weight = weight * robustness[band]
    total = weight.sum(axis=1)
    empty = total <= 0
    with np.errstate(divide="ignore", invalid="ignore"):
        weight = weight / total[:, None]
        level = np.einsum("ij,ij->i", weight, y[band])
        centre = np.einsum("ij,ij->i", weight, offset)  # weighted mean of x - target
        moved = offset - centre[:, None]
        spread = np.einsum("ij,ij->i", weight * moved, moved)
        trend = np.einsum("ij,ij->i", weight * moved, y[band])
        slope = (h[:, 0] > 0) & (np.sqrt(spread) > 0.001 * x_range)
        values = np.where(slope, level - centre / spread * trend, level)
    return np.where(empty, y[fitted], values)


def _slack(x, left, right, fitted) -> int:
    """Extra columns past ``right`` still within 0.999 h (ties at the window's edge)."""
    h = np.maximum(x[fitted] - x[left], x[right] - x[fitted])
    reach = np.searchsorted(x, x[fitted] + h, side="right") - 1
    return int(max(0, (reach - right).max()))


def _smooth_pass(x, y, schedule, robustness):
    fitted, left, right, tie_end = schedule
    n = len(x)
    # Fits in blocks of rows: small temporaries stay in cache (several times faster).
    rows = max(1, _BLOCK // (int((right - left).max()) + 1))
    values = np.concatenate([
        _local_fits(x, y, fitted[k:k + rows], left[k:k + rows], right[k:k + rows], robustness,
                    x[-1] - x[0]) for k in range(0, len(fitted), rows)])
    previous = np.searchsorted(fitted, np.arange(n), side="right") - 1  # last fitted at or before
    out = values[previous]  # a fitted point and its ties
    gap = np.flatnonzero(np.arange(n) > tie_end[previous])  # skipped within delta: interpolated
    if len(gap):
        last, following = tie_end[previous[gap]], fitted[previous[gap] + 1]
        share = (x[gap] - x[last]) / (x[following] - x[last])
        out[gap] = share * out[following] + (1 - share) * out[last]
    return out


def lowess(x, y, frac: float = 2 / 3, iterations: int = 3, delta: float | None = None):
    """Return ``(x_sorted, fitted)`` as R's ``lowess(x, y, f, iter, delta)``."""
    order = np.argsort(x, kind="stable")
    x, y = np.asarray(x, float)[order], np.asarray(y, float)[order]
    n = len(x)
    if n < 2:
        return x, y.copy()
    delta = 0.01 * (x[-1] - x[0]) if delta is None else delta
    span = max(2, min(n, int(frac * n + 1e-7)))
    schedule = _schedule(x, span, delta)
    robustness = None
    for step in range(iterations + 1):
        fitted = _smooth_pass(x, y, schedule, robustness)
        if step == iterations:
            break
        residual = np.abs(y - fitted)
        cmad = 6 * np.median(residual)
        if cmad < 1e-7 * residual.mean():
            break
        scaled = residual / cmad
        robustness = np.where(residual <= 0.001 * cmad, 1.0,
                              np.where(residual <= 0.999 * cmad, (1 - scaled**2) ** 2, 0.0))
    return x, fitted


def lowess_at(x, y, xout) -> np.ndarray:
    """``approx(lowess(x, y, iter = 0), xout = xout, ties = "ordered")``: the smooth at
    ``xout``, NaN outside the range of ``x`` (tied ``x`` share one fit)."""
    knots, fitted = lowess(x, y, iterations=0)
    knots, first = np.unique(knots, return_index=True)
    return np.interp(xout, knots, fitted[first], left=np.nan, right=np.nan)
