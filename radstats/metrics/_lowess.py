"""Cleveland's LOWESS smoother, step for step as R's ``stats::lowess``.

Own implementation of the published algorithm (Cleveland 1979, 1981) with
R's conventions, needed for ``rms::val.prob`` parity: the span is
``max(2, min(n, floor(f n + 1e-7)))`` points; weights are tricube with full
weight within 0.001 h and zero beyond 0.999 h of the target; points within
``delta`` of the last fitted one are interpolated linearly; tied x values
share one fit; robustness passes use bisquare weights of the residuals scaled
by 6 median |residual|.
"""

from __future__ import annotations

import numpy as np


def _local_fit(x, y, i, left, right, robustness, x_range):
    """Weighted local-linear fit at ``x[i]`` from the window ``left..right``;
    None when every weight is zero."""
    target = x[i]
    h = max(target - x[left], x[right] - target)
    stop = min(len(x), np.searchsorted(x, target + h, side="right") + 1)
    xs, ys = x[left:stop], y[left:stop]
    distance = np.abs(xs - target)
    beyond = (distance > 0.999 * h) & (xs > target)  # the first such point ends the window
    end = int(np.argmax(beyond)) if beyond.any() else len(xs)
    xs, ys, distance = xs[:end], ys[:end], distance[:end]
    with np.errstate(divide="ignore", invalid="ignore"):
        weight = np.where(distance <= 0.001 * h, 1.0, (1 - (distance / h) ** 3) ** 3)
    weight = np.where(distance <= 0.999 * h, weight, 0.0)
    if robustness is not None:
        weight = weight * robustness[left:left + end]
    total = weight.sum()
    if total <= 0:
        return None
    weight = weight / total
    if h > 0:
        centre = np.sum(weight * xs)
        spread = np.sum(weight * (xs - centre) ** 2)
        if np.sqrt(spread) > 0.001 * x_range:
            weight = weight * ((target - centre) / spread * (xs - centre) + 1)
    return float(np.sum(weight * ys))


def _smooth_pass(x, y, span, delta, robustness):
    n = len(x)
    fitted = np.empty(n)
    x_range = x[-1] - x[0]
    left, right, last, i = 0, span - 1, -1, 0
    while True:
        if right < n - 1 and x[i] - x[left] > x[right + 1] - x[i]:
            left, right = left + 1, right + 1  # the window shrinks by moving right
            continue
        value = _local_fit(x, y, i, left, right, robustness, x_range)
        fitted[i] = y[i] if value is None else value
        if last < i - 1:  # interpolate the points skipped within delta
            share = (x[last + 1:i] - x[last]) / (x[i] - x[last])
            fitted[last + 1:i] = share * fitted[i] + (1 - share) * fitted[last]
        last = i
        j = last + 1
        while j < n and x[j] <= x[last] + delta:
            if x[j] == x[last]:  # ties share the fit
                fitted[j] = fitted[last]
                last = j
            j += 1
        i = max(last + 1, j - 1)
        if last >= n - 1:
            return fitted


def lowess(x, y, frac: float = 2 / 3, iterations: int = 3, delta: float | None = None):
    """Return ``(x_sorted, fitted)`` as R's ``lowess(x, y, f, iter, delta)``."""
    order = np.argsort(x, kind="stable")
    x, y = np.asarray(x, float)[order], np.asarray(y, float)[order]
    n = len(x)
    if n < 2:
        return x, y.copy()
    delta = 0.01 * (x[-1] - x[0]) if delta is None else delta
    span = max(2, min(n, int(frac * n + 1e-7)))
    robustness = None
    for step in range(iterations + 1):
        fitted = _smooth_pass(x, y, span, delta, robustness)
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
