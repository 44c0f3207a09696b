"""Compiled pathwise coordinate descent for glmnet's binomial and Cox families.

The algorithm is glmnet's (Friedman, Hastie and Tibshirani 2010; Simon et al.
2011), written here for numba from the published description and the
behaviour of glmnet 4.1-6: for each lambda, a *strong set* of features
(Tibshirani et al. 2012: ``|gradient_j| > alpha (2 lambda - lambda_prev)``)
and an outer loop of quadratic approximations of the log-likelihood (IRLS for
binomial; for Cox the diagonal of the Hessian in the linear predictor), each
solved by cyclic coordinate descent -- one sweep over the strong set, then
sweeps over the features that have ever been non-zero until they settle, then
another strong-set sweep. Coordinate descent stops when no coefficient moves
by more than ``thresh`` times the null deviance (``max_j xv_j d_j^2``, with
``xv_j`` the weighted sum of squares of feature j); the outer loop stops when
no coefficient moved that much over a whole quadratic step and no feature
outside the strong set violates the optimality (KKT) conditions, checked with
the O(n p) gradient. Nothing of size p x p is ever formed.

All work is on a standardised design with observation weights 1/n; ``X`` must
be Fortran-ordered (columns contiguous). Cox rows must be in glmnet's time
order (see :mod:`radstats.selection.glmnet._sort`).
"""

from __future__ import annotations

import math

import numpy as np

from radstats._core.jit import cached_njit

_JIT = {"nogil": True}
_FAST = {**_JIT, "fastmath": {"reassoc", "contract"}}

# status codes returned with a path
OK, MAXIT = 0, 1


@cached_njit(**_FAST)
def _dot(X, j, r):
    s = 0.0
    for i in range(r.shape[0]):
        s += X[i, j] * r[i]
    return s


@cached_njit(**_FAST)
def _weighted_squares(X, strong, v, xv):
    """``xv_j = sum_i v_i x_ij^2`` for the strong features."""
    for j in range(X.shape[1]):
        if strong[j]:
            s = 0.0
            for i in range(v.shape[0]):
                s += v[i] * X[i, j] * X[i, j]
            xv[j] = s


@cached_njit(**_FAST)
def _update(X, k, b, r, v, xv, l1, l2):
    """Coordinate step for feature ``k``; returns the change of ``b[k]``.

    ``r`` is the working residual: the gradient of the quadratic model in the
    linear predictor (over n), kept up to date.
    """
    u = _dot(X, k, r) + xv[k] * b[k]
    au = abs(u) - l1
    new = 0.0 if au <= 0.0 else math.copysign(au, u) / (xv[k] + l2)
    d = new - b[k]
    if d != 0.0:
        b[k] = new
        for i in range(r.shape[0]):
            r[i] -= d * v[i] * X[i, k]
    return d


@cached_njit(**_JIT)
def _sweep(X, strong, entered, order, nin, b, r, v, xv, l1, l2, everything):
    """One coordinate-descent pass: over the strong set in index order
    (``everything``; features moving for the first time are appended to
    ``order``) or over the features in ``order[:nin]``. Returns ``(dlx, nin)``."""
    dlx = 0.0
    if everything:
        for k in range(X.shape[1]):
            if not strong[k]:
                continue
            d = _update(X, k, b, r, v, xv, l1, l2)
            if d != 0.0:
                dlx = max(dlx, xv[k] * d * d)
                if not entered[k]:
                    entered[k] = True
                    order[nin] = k
                    nin += 1
    else:
        for t in range(nin):
            k = order[t]
            d = _update(X, k, b, r, v, xv, l1, l2)
            if d != 0.0:
                dlx = max(dlx, xv[k] * d * d)
    return dlx, nin


@cached_njit(**_FAST)
def _linear_predictor(X, order, nin, b, b0):
    """``b0 + X b`` over the features in ``order[:nin]``."""
    eta = np.full(X.shape[0], b0)
    for t in range(nin):
        k = order[t]
        if b[k] != 0.0:
            for i in range(X.shape[0]):
                eta[i] += b[k] * X[i, k]
    return eta


@cached_njit(**_JIT)
def _gradient_outside(X, strong, r, ga):
    """``ga_j = |x_j' r|`` for the features outside the strong set."""
    for j in range(X.shape[1]):
        if not strong[j]:
            ga[j] = abs(_dot(X, j, r))


@cached_njit(**_JIT)
def _admit(strong, ga, threshold):
    """Add to the strong set every feature with ``ga_j > threshold``; any added?"""
    added = False
    for j in range(strong.shape[0]):
        if not strong[j] and ga[j] > threshold:
            strong[j] = True
            added = True
    return added


@cached_njit(**_JIT)
def _lambda_at(m, lam, generated, alf, lmax):
    """glmnet's lambda number ``m`` (0-based): big, then lmax * alf^m, or the user's."""
    if not generated:
        return lam[m]
    if m == 0:
        return lam[0]
    return lmax * alf if m == 1 else lam[m - 1] * alf


@cached_njit(**_JIT)
def _next_lambda(m, lam, generated, alf, alpha, ga, strong, al, lmax):
    """Lambda number ``m`` into ``lam[m]``, and the strong set grown by the sequential
    strong rule from the previous lambda ``al``; returns ``(lambda, lmax)``."""
    al0 = al
    if generated and m == 1:
        lmax = ga.max() / max(alpha, 1e-3)
        al0 = lmax
    al = _lambda_at(m, lam, generated, alf, lmax)
    lam[m] = al
    _admit(strong, ga, alpha * (2.0 * al - al0))
    return al, lmax


@cached_njit(**_JIT)
def _moved(order, nin, xv, b, bs, threshold):
    """Whether an active coefficient moved since ``bs``: ``xv_k (b_k - bs_k)^2 >= threshold``."""
    for t in range(nin):
        k = order[t]
        if xv[k] * (b[k] - bs[k]) ** 2 >= threshold:
            return True
    return False


@cached_njit(**_JIT)
def binomial_path(X, y, alpha, lam, generated, alf, thresh, maxit, mnlam, fdev, devmax, pmin):
    """glmnet's binomial path. ``lam``: the user's lambdas, or (generated) a
    buffer of length nlambda whose first entry is glmnet's "big" lambda.

    Returns ``(lam, beta, intercept, dev_ratio, n_fitted, status)``.
    """
    n, p = X.shape
    L = lam.shape[0]
    lam = lam.copy()
    w = 1.0 / n
    q0 = y.mean()
    bz = math.log(q0 / (1.0 - q0))
    fmax = math.log(1.0 / pmin - 1.0)
    vmin = (1.0 + pmin) * pmin * (1.0 - pmin)
    v = np.full(n, w * q0 * (1.0 - q0))
    r = w * (y - q0)
    q = np.full(n, q0)
    xmz = q0 * (1.0 - q0)
    dev1 = -(bz * q0 + math.log(1.0 - q0))
    dev0 = dev1
    shr = thresh * dev0
    b = np.zeros(p)
    b0 = bz
    bs = np.zeros(p)
    xv = np.zeros(p)
    ga = np.zeros(p)
    strong = np.zeros(p, dtype=np.bool_)
    _gradient_outside(X, strong, r, ga)
    order = np.zeros(p, dtype=np.int64)
    entered = np.zeros(p, dtype=np.bool_)
    nin = 0
    betas = np.zeros((L, p))
    a0 = np.zeros(L)
    devs = np.zeros(L)
    nlp = 0
    al = 0.0
    lmax = 0.0
    fitted = 0
    status = OK
    for m in range(L):
        al, lmax = _next_lambda(m, lam, generated, alf, alpha, ga, strong, al, lmax)
        l1 = al * alpha
        l2 = al * (1.0 - alpha)
        saturated = False
        while True:
            bs0 = b0
            for t in range(nin):
                bs[order[t]] = b[order[t]]
            _weighted_squares(X, strong, v, xv)
            everything = True
            while True:
                nlp += 1
                dlx, nin = _sweep(X, strong, entered, order, nin, b, r, v, xv, l1, l2, everything)
                d = r.sum() / xmz
                if d != 0.0:
                    b0 += d
                    dlx = max(dlx, xmz * d * d)
                    for i in range(n):
                        r[i] -= d * v[i]
                if nlp > maxit:
                    status = MAXIT
                    break
                if everything:             # strong-set sweep: done, or settle the active set
                    if dlx < shr:
                        break
                    everything = False
                elif dlx < shr:            # active set settled: sweep the strong set again
                    everything = True
            if status != OK:
                break
            eta = _linear_predictor(X, order, nin, b, b0)
            xmz = 0.0
            for i in range(n):
                if eta[i] < -fmax:
                    q[i] = 0.0
                elif eta[i] > fmax:
                    q[i] = 1.0
                else:
                    q[i] = 1.0 / (1.0 + math.exp(-eta[i]))
                v[i] = w * q[i] * (1.0 - q[i])
                xmz += v[i]
            if xmz <= vmin:
                saturated = True
                break
            for i in range(n):
                r[i] = w * (y[i] - q[i])
            if xmz * (b0 - bs0) ** 2 < shr and not _moved(order, nin, xv, b, bs, shr):
                _gradient_outside(X, strong, r, ga)
                if not _admit(strong, ga, l1):
                    break
        if status != OK:
            break
        betas[m] = b
        a0[m] = b0
        devi = 0.0
        for i in range(n):
            pi = min(max(pmin, q[i]), 1.0 - pmin)
            devi -= w * (y[i] * math.log(pi) + (1.0 - y[i]) * math.log(1.0 - pi))
        devs[m] = (dev1 - devi) / dev0
        fitted = m + 1
        if saturated:
            break
        if m + 1 < min(mnlam, L) or not generated:
            continue
        if devs[m] > devmax or devs[m] - devs[m - 1] < fdev:
            break
    return lam, betas, a0, devs, fitted, status


@cached_njit(**_JIT)
def _cox_state(f, d, starts, counts, w, wr):
    """Breslow weights and residuals at linear predictor ``f``; returns log-likelihood.

    Rows are in glmnet's order; the risk set of event group g is the rows from
    ``starts[g]`` on. ``w_i`` is the diagonal of the Hessian of the partial
    log-likelihood in ``f_i`` and ``wr_i`` its gradient, both over n.
    """
    n = f.shape[0]
    e = np.exp(f)
    s0 = np.empty(n)
    acc = 0.0
    for i in range(n - 1, -1, -1):
        acc += e[i]
        s0[i] = acc
    B = 0.0
    C = 0.0
    g = 0
    G = starts.shape[0]
    loglik = 0.0
    for i in range(n):
        if g < G and starts[g] == i:
            u = s0[i]
            B += counts[g] / u
            C += counts[g] / (u * u)
            loglik -= counts[g] * math.log(u)
            g += 1
        w[i] = (e[i] * B - e[i] * e[i] * C) / n
        wr[i] = (d[i] - e[i] * B) / n
        if d[i] != 0.0:
            loglik += f[i]
    return loglik


@cached_njit(**_JIT)
def cox_path(X, d, starts, counts, lsat, alpha, lam, generated, alf, thresh, maxit, mnlam, fdev,
             devmax):
    """glmnet's Cox path (Breslow ties). Arguments as :func:`binomial_path`;
    ``d``: event indicators (rows in glmnet's order), ``starts``/``counts``:
    the first row of each event time's risk set and its number of events,
    ``lsat``: the saturated log-likelihood. Returns as :func:`binomial_path`
    (intercepts all zero).
    """
    n, p = X.shape
    L = lam.shape[0]
    lam = lam.copy()
    f = np.zeros(n)
    w = np.zeros(n)
    wr = np.zeros(n)
    ll0 = _cox_state(f, d, starts, counts, w, wr)
    dev0 = (lsat - ll0) / n
    cthr = thresh * dev0
    a = np.zeros(p)
    bs = np.zeros(p)
    xv = np.zeros(p)
    ga = np.zeros(p)
    strong = np.zeros(p, dtype=np.bool_)
    _gradient_outside(X, strong, wr, ga)
    order = np.zeros(p, dtype=np.int64)
    entered = np.zeros(p, dtype=np.bool_)
    nin = 0
    betas = np.zeros((L, p))
    devs = np.zeros(L)
    nlp = 0
    al = 0.0
    lmax = 0.0
    fitted = 0
    status = OK
    loglik = ll0
    for m in range(L):
        al, lmax = _next_lambda(m, lam, generated, alf, alpha, ga, strong, al, lmax)
        l1 = al * alpha
        l2 = al * (1.0 - alpha)
        while True:
            for t in range(nin):
                bs[order[t]] = a[order[t]]
            _weighted_squares(X, strong, w, xv)
            everything = True
            while True:
                nlp += 1
                dli, nin = _sweep(X, strong, entered, order, nin, a, wr, w, xv, l1, l2, everything)
                if nlp > maxit:
                    status = MAXIT
                    break
                if everything:
                    if dli < cthr:
                        break
                    everything = False
                elif dli < cthr:
                    everything = True
            if status != OK:
                break
            f = _linear_predictor(X, order, nin, a, 0.0)
            loglik = _cox_state(f, d, starts, counts, w, wr)
            if not _moved(order, nin, xv, a, bs, cthr):
                _gradient_outside(X, strong, wr, ga)
                if not _admit(strong, ga, l1):
                    break
        if status != OK:
            break
        betas[m] = a
        devs[m] = (loglik - ll0) / (lsat - ll0)
        fitted = m + 1
        if m + 1 < min(mnlam, L) or not generated:
            continue
        if (devs[m] - devs[m - mnlam + 1]) / devs[m] < fdev or devs[m] > devmax:
            break
    return lam, betas, np.zeros(L), devs, fitted, status
