"""Elastic-net regularisation paths for the binomial and Cox families.

Each path is solved by proximal Newton steps (the exact Hessian for both
families) whose penalised quadratic sub-problems are solved by coordinate
descent on the Hessian, then polished by a closed-form solve on the active set
and checked against the lasso's optimality (KKT) conditions. The solutions are
the exact minimisers of glmnet's objective, to far tighter than glmnet's own
``thresh = 1e-7``; only the stopping rules of the path are glmnet's, and these
are reproduced exactly (see :mod:`radstats.selection.glmnet.lambdas`).

All functions work on a standardised design (columns centred and, when
``standardize``, scaled by their 1/n standard deviation) and return
coefficients on that scale.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from radstats.selection.glmnet._sort import singleton_order

_BIG = 9.9e35          # glmnet.control()$big: the "infinite" first lambda
_MNLAM = 5             # glmnet.control()$mnlam: no early stop before this many lambdas
_FDEV = 1e-5           # glmnet.control()$fdev
_DEVMAX = 0.999        # glmnet.control()$devmax
_PMIN = 1e-9           # glmnet.control()$pmin: probabilities clipped in the path deviance
_TOL = 1e-11           # convergence of the coefficients (standardised scale)
_MAX_NEWTON = 100
_MAX_SWEEPS = 10_000


@dataclasses.dataclass
class Path:
    """Solutions along a lambda sequence (standardised scale)."""

    lambda_: np.ndarray      # the lambdas actually fitted (early stop applied)
    beta: np.ndarray         # (n_lambda, p)
    intercept: np.ndarray    # (n_lambda,); zeros for Cox
    dev_ratio: np.ndarray    # fraction of null deviance explained


def _soft(z: float, t: float) -> float:
    if z > t:
        return z - t
    if z < -t:
        return z + t
    return 0.0


def _quadratic_lasso(H, g, b, l1, l2, penalised, tol=1e-13):
    """Minimise ``0.5 b'Hb - g'b + sum(l1*|b_j| + 0.5*l2*b_j^2)`` over penalised j.

    Coordinate descent from ``b`` (warm start), then a closed-form solve on
    the active set, accepted when it satisfies the optimality conditions.
    """
    p = len(b)
    b = b.copy()
    grad = g - H @ b                     # negative gradient of the smooth part
    diag = np.diag(H) + np.where(penalised, l2, 0.0)
    l1v = np.where(penalised, l1, 0.0)
    h_rows = [H[j] for j in range(p)]

    def sweep(indices):
        biggest = 0.0
        for j in indices:
            old = b[j]
            z = grad[j] + H[j, j] * old
            new = _soft(z, l1v[j]) / diag[j] if penalised[j] else z / diag[j]
            if new != old:
                delta = new - old
                b[j] = new
                np.subtract(grad, h_rows[j] * delta, out=grad)
                change = diag[j] * delta * delta
                if change > biggest:
                    biggest = change
        return biggest

    everything = range(p)
    for _ in range(_MAX_SWEEPS):
        if sweep(everything) < tol:
            break
        active = np.flatnonzero((b != 0) | ~penalised)
        for _ in range(_MAX_SWEEPS):
            if sweep(active) < 1e-6 * tol:
                break
        polished = _polish(H, g, b, l1v, l2, penalised)
        if polished is not None:
            return polished
    return b


def _polish(H, g, b, l1v, l2, penalised):
    """Exact solution on the active set of ``b`` if it passes the KKT checks."""
    active = np.flatnonzero((b != 0) | ~penalised)
    if active.size == 0:
        return b if np.all(np.abs(g) <= l1v * (1 + 1e-12)) else None
    sign = np.sign(b[active])
    A = H[np.ix_(active, active)] + np.diag(np.where(penalised[active], l2, 0.0))
    rhs = g[active] - l1v[active] * sign
    try:
        solution = np.linalg.solve(A, rhs)
    except np.linalg.LinAlgError:
        return None
    pen = penalised[active]
    if np.any(pen & (np.sign(solution) != sign)):
        return None
    out = np.zeros_like(b)
    out[active] = solution
    inactive = np.setdiff1d(np.arange(len(b)), active)
    grad = g - H @ out
    if np.any(np.abs(grad[inactive]) > l1v[inactive] + 1e-12 * max(1.0, np.max(l1v))):
        return None
    return out


def _penalty(beta, lam, alpha):
    return lam * (alpha * np.abs(beta).sum() + 0.5 * (1 - alpha) * (beta @ beta))


def _sequence(lmax, nlambda, lambda_min_ratio, user_lambda, single_exponent=False):
    """glmnet's lambdas as its path solver generates them (before ``fix.lam``).

    ``single_exponent``: coxnet's Fortran computes the exponent ``1.0/(nlam-1)``
    in single precision (``1.0`` is a default-real literal there).
    """
    if user_lambda is not None:
        return np.asarray(user_lambda, dtype=float), False
    eqs = max(1e-6, lambda_min_ratio)          # glmnet.control()$eps floors the ratio
    exponent = 1.0 / (nlambda - 1) if nlambda > 1 else 1.0
    if single_exponent and nlambda > 1:
        exponent = float(np.float32(1.0) / np.float32(nlambda - 1))
    alf = eqs ** exponent
    lam = np.empty(nlambda)
    lam[0] = _BIG
    if nlambda > 1:
        lam[1] = lmax * alf
        for k in range(2, nlambda):
            lam[k] = lam[k - 1] * alf
    return lam, True


def _fix_first(lam):
    """R's ``fix.lam``: the first lambda extrapolated log-linearly from the next two."""
    lam = lam.copy()
    if len(lam) > 2:
        lam[0] = np.exp(2 * np.log(lam[1]) - np.log(lam[2]))
    return lam


# --------------------------------------------------------------------- binomial

def _binomial_objective(X, y, b0, beta, lam, alpha):
    eta = b0 + X @ beta
    loglik = np.mean(y * eta - np.logaddexp(0.0, eta))
    return -loglik + _penalty(beta, lam, alpha)


def _binomial_solve(X, y, b0, beta, lam, alpha):
    n, p = X.shape
    A = np.column_stack([np.ones(n), X])
    b = np.concatenate([[b0], beta])
    penalised = np.r_[False, np.ones(p, dtype=bool)]
    lam_eff = min(lam, _BIG)
    objective = _binomial_objective(X, y, b[0], b[1:], lam_eff, alpha)
    for _ in range(_MAX_NEWTON):
        eta = A @ b
        prob = 1.0 / (1.0 + np.exp(-eta))
        weight = prob * (1.0 - prob) / n
        H = A.T @ (A * weight[:, None])
        gradient = A.T @ (y - prob) / n          # of the log-likelihood / n
        g = gradient + H @ b
        if lam >= _BIG:                          # glmnet's first lambda: intercept only
            target = b.copy()
            target[1:] = 0.0
            target[0] = b[0] + gradient[0] / H[0, 0]
        else:
            target = _quadratic_lasso(H, g, b, lam * alpha, lam * (1 - alpha), penalised)
        step, new_objective = 1.0, None
        for _ in range(60):
            trial = b + step * (target - b)
            new_objective = _binomial_objective(X, y, trial[0], trial[1:], lam_eff, alpha)
            if new_objective <= objective + 1e-15 * abs(objective):
                break
            step *= 0.5
        change = np.max(np.abs(trial - b))
        b, objective = trial, new_objective
        if change < _TOL:
            break
    return b[0], b[1:]


def binomial_path(X, y, alpha, nlambda, lambda_min_ratio, user_lambda=None):
    """glmnet's ``family = "binomial"`` path on a standardised ``X`` (0/1 ``y``)."""
    n, p = X.shape
    ybar = y.mean()
    null_dev = -2 * n * (ybar * np.log(ybar) + (1 - ybar) * np.log(1 - ybar))
    b0 = np.log(ybar / (1 - ybar))
    beta = np.zeros(p)
    gradient0 = np.abs(X.T @ (y - ybar)) / n
    lmax = gradient0.max() / max(alpha, 1e-3)
    lam, generated = _sequence(lmax, nlambda, lambda_min_ratio, user_lambda)
    fitted, betas, intercepts, devs = [], [], [], []
    for m, value in enumerate(lam):
        b0, beta = _binomial_solve(X, y, b0, beta, value, alpha)
        prob = np.clip(1.0 / (1.0 + np.exp(-(b0 + X @ beta))), _PMIN, 1 - _PMIN)
        dev = -2 * np.sum(y * np.log(prob) + (1 - y) * np.log(1 - prob))
        dev_ratio = 1.0 - dev / null_dev
        fitted.append(value)
        betas.append(beta.copy())
        intercepts.append(b0)
        devs.append(dev_ratio)
        if not generated or m + 1 < _MNLAM:
            continue
        if dev_ratio - devs[-2] < _FDEV or dev_ratio > _DEVMAX:
            break
    lam_out = np.array(fitted)
    if generated:
        lam_out = _fix_first(lam_out)
    return Path(lam_out, np.array(betas), np.array(intercepts), np.array(devs))


# -------------------------------------------------------------------------- Cox

class _CoxData:
    """Breslow risk sets in glmnet's order (see :mod:`radstats.selection.glmnet._sort`).

    As R's ``coxnet``: censored times get ``100 * .Machine$double.eps`` added,
    times are ordered by glmnet's (unstable) quicksort, and the risk set of an
    event time starts at the first event of that time in that order (for the
    first event time: at the first observation not earlier than it).
    """

    def __init__(self, X, time, event):
        event = np.asarray(event).astype(bool)
        ty = np.asarray(time, dtype=float) + (~event) * 100 * np.finfo(float).eps
        order = singleton_order(ty)
        self.X = X[order]
        self.time = ty[order]
        self.event = event[order]
        self.event_rows = np.flatnonzero(self.event)
        times = self.time[self.event_rows]
        start = {}
        for position, value in zip(self.event_rows, times):
            start.setdefault(value, position)
        t0 = times.min()
        start[t0] = int(np.searchsorted(self.time, t0, side="left"))
        self.event_first = np.array([start[value] for value in times], dtype=int)

    def loglik(self, beta):
        eta = self.X @ beta
        shift = eta.max()
        s0 = np.cumsum(np.exp(eta - shift)[::-1])[::-1]
        return float(np.sum(eta[self.event_rows] - shift - np.log(s0[self.event_first])))

    def derivatives(self, beta):
        X = self.X
        eta = X @ beta
        risk = np.exp(eta - eta.max())
        s0 = np.cumsum(risk[::-1])[::-1][self.event_first]
        s1 = np.cumsum((risk[:, None] * X)[::-1], axis=0)[::-1][self.event_first]
        s2 = np.cumsum((risk[:, None, None] * X[:, :, None] * X[:, None, :])[::-1],
                       axis=0)[::-1][self.event_first]
        xbar = s1 / s0[:, None]
        gradient = X[self.event_rows].sum(axis=0) - xbar.sum(axis=0)
        hessian = (s2 / s0[:, None, None]).sum(axis=0) - xbar.T @ xbar
        return gradient, hessian


def _cox_solve(data, n, beta, lam, alpha):
    p = len(beta)
    penalised = np.ones(p, dtype=bool)

    def objective(b):
        return -data.loglik(b) / n + _penalty(b, lam, alpha)

    current = objective(beta)
    for _ in range(_MAX_NEWTON):
        gradient, hessian = data.derivatives(beta)
        H, gradient = hessian / n, gradient / n
        target = _quadratic_lasso(H, gradient + H @ beta, beta, lam * alpha, lam * (1 - alpha),
                                  penalised)
        step = 1.0
        for _ in range(60):
            trial = beta + step * (target - beta)
            value = objective(trial)
            if value <= current + 1e-15 * abs(current):
                break
            step *= 0.5
        change = np.max(np.abs(trial - beta)) if p else 0.0
        beta, current = trial, value
        if change < _TOL:
            break
    return beta


def cox_loglik(X, time, event, beta):
    """Breslow log partial likelihood (unit weights) at ``beta``."""
    return _CoxData(np.asarray(X, float), np.asarray(time, float), np.asarray(event)).loglik(
        np.asarray(beta, float))


def cox_saturated(time, event):
    """glmnet's saturated log-likelihood: ``-sum(d_k log d_k)`` over tied event counts."""
    _, counts = np.unique(np.asarray(time)[np.asarray(event).astype(bool)], return_counts=True)
    return float(-np.sum(counts * np.log(counts)))


def cox_path(X, time, event, alpha, nlambda, lambda_min_ratio, user_lambda=None):
    """glmnet's ``family = "cox"`` path (Breslow ties) on a standardised ``X``."""
    n, p = X.shape
    data = _CoxData(X, time, event)
    gradient0, _ = data.derivatives(np.zeros(p))
    lmax = np.max(np.abs(gradient0)) / n / max(alpha, 1e-3)
    ll0 = data.loglik(np.zeros(p))
    denominator = cox_saturated(time, event) - ll0
    lam, generated = _sequence(lmax, nlambda, lambda_min_ratio, user_lambda, single_exponent=True)
    beta = np.zeros(p)
    fitted, betas, devs = [], [], []
    # coxnet's own stopping rules (its literals 0.99 and 0.999 are single precision)
    sml = _FDEV * 100.0
    devmax = _DEVMAX * float(np.float32(0.99)) / float(np.float32(0.999))
    for m, value in enumerate(lam):
        if value < _BIG:
            beta = _cox_solve(data, n, beta, value, alpha)
        dev_ratio = (data.loglik(beta) - ll0) / denominator
        fitted.append(value)
        betas.append(beta.copy())
        devs.append(dev_ratio)
        if not generated or m + 1 < _MNLAM:
            continue
        with np.errstate(divide="ignore", invalid="ignore"):
            relative = (dev_ratio - devs[m - _MNLAM + 1]) / dev_ratio
        if relative < sml or dev_ratio > devmax:
            break
    lam_out = np.array(fitted)
    if generated:
        lam_out = _fix_first(lam_out)
    return Path(lam_out, np.array(betas), np.zeros(len(fitted)), np.array(devs))
