"""R's ``pretty()``: about n + 1 round numbers covering a range."""

from __future__ import annotations

import math

import numpy as np

_EPS = np.finfo(float).eps


def r_pretty(low: float, high: float, n: int = 5, min_n: int | None = None,
             shrink: float = 0.75, high_u_bias: float = 1.5) -> np.ndarray:
    """Round tick values covering ``[low, high]``, as R's ``pretty(c(low, high), n)``.

    Own implementation of R's algorithm (``R_pretty``, R 4.2): the step is 1, 2,
    5 or 10 times a power of ten, chosen near ``(high - low) / n`` with R's
    biases towards larger and towards 5-multiples; at least ``min_n`` intervals.

    Examples
    --------
    >>> r_pretty(39, 82, 10).tolist()
    [35.0, 40.0, 45.0, 50.0, 55.0, 60.0, 65.0, 70.0, 75.0, 80.0, 85.0]
    """
    min_n = n // 3 if min_n is None else min_n
    h, h5 = high_u_bias, 0.5 + 1.5 * high_u_bias
    dx = high - low
    if dx == 0 and high == 0:
        cell, small = 1.0, True
    else:
        cell = max(abs(low), abs(high))
        u = 1 + (1 / (1 + h) if h5 >= 1.5 * h + 0.5 else 1.5 / (1 + h5))
        small = dx < cell * u * max(1, n) * _EPS
    if small:
        cell = (9 + cell / 10 if cell > 10 else cell) * shrink
        cell = cell / min_n if min_n > 1 else cell
    else:
        cell = dx / n if n > 1 else dx
    base = 10.0 ** math.floor(math.log10(cell))
    unit = base
    if 2 * base - cell < h * (cell - unit):
        unit = 2 * base
        if 5 * base - cell < h5 * (cell - unit):
            unit = 5 * base
            if 10 * base - cell < h * (cell - unit):
                unit = 10 * base
    start, stop = math.floor(low / unit + 1e-5), math.ceil(high / unit - 1e-5)
    while start * unit > low + 1e-5 * unit:
        start -= 1
    while stop * unit < high - 1e-5 * unit:
        stop += 1
    intervals = int(0.5 + stop - start)
    if intervals < min_n:
        missing = min_n - intervals
        if start >= 0:
            stop, start = stop + missing // 2, start - missing // 2 - missing % 2
        else:
            start, stop = start - missing // 2, stop + missing // 2 + missing % 2
        intervals = min_n
    lo, hi = start * unit, stop * unit
    values = lo + np.arange(intervals + 1) * ((hi - lo) / intervals) if intervals else np.array([lo])
    if intervals:
        values[-1] = hi  # seq.int ends exactly at `to`
        values[np.abs(values) < 1e-14 * (hi - lo) / intervals] = 0.0  # zap seq() rounding
    return values
