"""The tie order of glmnet's Cox code.

glmnet's Fortran sorts survival times with Singleton's quicksort (CACM
Algorithm 347, as modified in glmnet's ``psort7``), which is not stable. Its
Breslow risk sets start at the first *event* of each time in that order, so a
censored time tied with an event time is in the event's risk set or not
depending on where the sort left it (R adds ``100 * .Machine$double.eps`` to
censored times to break such ties, which only has an effect for times below
about 128). Reproducing glmnet's partial likelihood exactly therefore needs the
same permutation: this is Algorithm 347, written out from the published
algorithm.
"""

from __future__ import annotations

import numpy as np

from radstats._core.jit import cached_njit


def singleton_order(values) -> np.ndarray:
    """0-based permutation sorting ``values`` ascending, as glmnet's ``psort7``."""
    v = np.concatenate([[0.0], np.asarray(values, dtype=float)])     # 1-based
    return _psort(v)


@cached_njit(nogil=True)
def _psort(v):
    n = v.shape[0] - 1
    a = np.arange(n + 1)                    # a[1..n] = 1..n
    il = np.zeros(64, dtype=np.int64)
    iu = np.zeros(64, dtype=np.int64)
    m, i, j = 1, 1, n
    ii = 1
    state = 10
    k = l = t = tt = 0
    vt = 0.0
    while True:
        if state == 10:
            if i >= j:
                state = 80
                continue
            state = 20
        if state == 20:
            k = i
            ij = (j + i) // 2
            t = a[ij]
            vt = v[t]
            if v[a[i]] > vt:
                a[ij] = a[i]
                a[i] = t
                t = a[ij]
                vt = v[t]
            l = j
            if v[a[j]] < vt:
                a[ij] = a[j]
                a[j] = t
                t = a[ij]
                vt = v[t]
                if v[a[i]] > vt:
                    a[ij] = a[i]
                    a[i] = t
                    t = a[ij]
                    vt = v[t]
            # partition (labels 40-60)
            while True:
                l -= 1
                while v[a[l]] > vt:
                    l -= 1
                tt = a[l]
                k += 1
                while v[a[k]] < vt:
                    k += 1
                if k <= l:
                    a[l] = a[k]
                    a[k] = tt
                    continue
                break
            if l - i <= j - k:
                il[m] = k
                iu[m] = j
                j = l
            else:
                il[m] = i
                iu[m] = l
                i = k
            m += 1
            state = 90
        if state == 80:
            m -= 1
            if m == 0:
                return a[1:] - 1
            i = il[m]
            j = iu[m]
            state = 90
        if state == 90:
            if j - i > 10:
                state = 20
                continue
            if i == ii:
                state = 10
                continue
            i -= 1
            # insertion sort of the short segment (labels 100-110)
            while True:
                i += 1
                if i == j:
                    break
                t = a[i + 1]
                vt = v[t]
                if v[a[i]] <= vt:
                    continue
                k = i
                while True:
                    a[k + 1] = a[k]
                    k -= 1
                    if not vt < v[a[k]]:
                        break
                a[k + 1] = t
            state = 80
