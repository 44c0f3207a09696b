"""Elastic-net regularisation paths for the binomial and Cox families.

The paths are glmnet's: its lambda sequence (``lambda_max`` from the gradient
at the null model, geometric down to ``lambda_min_ratio``), its pathwise
coordinate descent with strong rules and KKT checks, its convergence rule
(``thresh``) and its early stops of the path. The compiled solver is in
:mod:`radstats.selection.glmnet._cd`; this module prepares its inputs (the
lambda sequence, glmnet's Cox risk sets and tie order) and reads its output.

All functions work on a standardised design (columns centred and, when
``standardize``, scaled by their 1/n standard deviation) and return
coefficients on that scale.
"""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np

from radstats._core.errors import ConvergenceWarning, InputError

# The compiled solver and sort (numba) are imported where used: importing numba takes
# about a second, which `import radstats.selection` should not pay for icc or stepwise.

_BIG = 9.9e35          # glmnet.control()$big: the "infinite" first lambda
_MNLAM = 5             # glmnet.control()$mnlam: no early stop before this many lambdas
_FDEV = 1e-5           # glmnet.control()$fdev
_DEVMAX = 0.999        # glmnet.control()$devmax
_PMIN = 1e-9           # glmnet.control()$pmin: probabilities clipped in the path deviance
THRESH = 1e-7          # glmnet's default convergence threshold
MAXIT = 100_000        # glmnet's default limit on coordinate-descent passes


@dataclasses.dataclass
class Path:
    """Solutions along a lambda sequence (standardised scale)."""

    lambda_: np.ndarray      # the lambdas actually fitted (early stop applied)
    beta: np.ndarray         # (n_lambda, p)
    intercept: np.ndarray    # (n_lambda,); zeros for Cox
    dev_ratio: np.ndarray    # fraction of null deviance explained


def _sequence(nlambda, lambda_min_ratio, user_lambda, single_exponent=False):
    """``(lam buffer, generated, alf)`` for the compiled path.

    For glmnet's own sequence the buffer's first entry is its "big" lambda and
    ``alf`` the ratio between successive lambdas (``lambda_min_ratio`` floored
    at ``glmnet.control()$eps`` = 1e-6, to the power ``1/(nlambda - 1)``).
    ``single_exponent``: coxnet's Fortran computes the exponent ``1.0/(nlam-1)``
    in single precision (``1.0`` is a default-real literal there).
    """
    if user_lambda is not None:
        return np.asarray(user_lambda, dtype=float), False, 1.0
    eqs = max(1e-6, lambda_min_ratio)
    exponent = 1.0 / (nlambda - 1) if nlambda > 1 else 1.0
    if single_exponent and nlambda > 1:
        exponent = float(np.float32(1.0) / np.float32(nlambda - 1))
    lam = np.zeros(nlambda)
    lam[0] = _BIG
    return lam, True, eqs ** exponent


def _fix_first(lam):
    """R's ``fix.lam``: the first lambda extrapolated log-linearly from the next two."""
    lam = lam.copy()
    if len(lam) > 2:
        lam[0] = np.exp(2 * np.log(lam[1]) - np.log(lam[2]))
    return lam


def _finish(result, generated) -> Path:
    lam, beta, intercept, dev, fitted, status = result
    if status != 0:
        warnings.warn(f"coordinate descent reached `maxit` passes at lambda number {fitted + 1}; "
                      f"the path stops at the {fitted} lambdas fitted (as glmnet)",
                      ConvergenceWarning, stacklevel=3)
    if fitted == 0:
        raise InputError(f"coordinate descent reached `maxit` passes at the first lambda; "
                         "no path was fitted: raise `maxit`")
    lam = lam[:fitted]
    if generated:
        lam = _fix_first(lam)
    return Path(lam, beta[:fitted], intercept[:fitted], dev[:fitted])


def binomial_path(X, y, alpha, nlambda, lambda_min_ratio, user_lambda=None, thresh=THRESH,
                  maxit=MAXIT) -> Path:
    """glmnet's ``family = "binomial"`` path on a standardised ``X`` (0/1 ``y``)."""
    from radstats.selection.glmnet import _cd

    lam, generated, alf = _sequence(nlambda, lambda_min_ratio, user_lambda)
    result = _cd.binomial_path(np.asfortranarray(X, dtype=float), np.asarray(y, dtype=float),
                               float(alpha), lam, generated, alf, float(thresh), int(maxit),
                               _MNLAM, _FDEV, _DEVMAX, _PMIN)
    return _finish(result, generated)


# -------------------------------------------------------------------------- Cox

class CoxRiskSets:
    """Breslow risk sets in glmnet's order (see :mod:`radstats.selection.glmnet._sort`).

    As R's ``coxnet``: censored times get ``100 * .Machine$double.eps`` added,
    times are ordered by glmnet's (unstable) quicksort, and the risk set of an
    event time starts at the first event of that time in that order (for the
    first event time: at the first observation not earlier than it).

    Attributes
    ----------
    order : ndarray
        Row permutation into glmnet's order.
    event : ndarray of float
        Event indicators in that order.
    starts, counts : ndarray
        Per event time: the first row (in that order) of its risk set and its
        number of events.
    """

    def __init__(self, time, event):
        from radstats.selection.glmnet._sort import singleton_order

        event = np.asarray(event).astype(bool)
        ty = np.asarray(time, dtype=float) + (~event) * 100 * np.finfo(float).eps
        self.order = singleton_order(ty)
        sorted_time = ty[self.order]
        self.event = event[self.order].astype(float)
        event_rows = np.flatnonzero(self.event)
        times = sorted_time[event_rows]
        # first event row of each time (in glmnet's order), per event
        _, first_index, inverse = np.unique(times, return_index=True, return_inverse=True)
        first = event_rows[first_index]
        first[0] = np.searchsorted(sorted_time, times.min(), side="left")
        self.starts, self.counts = np.unique(first[inverse], return_counts=True)
        self.counts = self.counts.astype(float)

    def loglik(self, eta: np.ndarray) -> np.ndarray:
        """Breslow log partial likelihood of each column of ``eta`` (rows in input order)."""
        eta = np.asarray(eta, dtype=float)
        eta = eta[self.order]
        shift = eta.max(axis=0)
        s0 = np.cumsum(np.exp(eta - shift)[::-1], axis=0)[::-1]
        events = self.event.astype(bool)
        return (eta[events].sum(axis=0) - self.counts.sum() * shift
                - self.counts @ np.log(s0[self.starts]))


def cox_saturated(time, event):
    """glmnet's saturated log-likelihood: ``-sum(d_k log d_k)`` over tied event counts."""
    _, counts = np.unique(np.asarray(time)[np.asarray(event).astype(bool)], return_counts=True)
    return float(-np.sum(counts * np.log(counts)))


def cox_path(X, time, event, alpha, nlambda, lambda_min_ratio, user_lambda=None, thresh=THRESH,
             maxit=MAXIT) -> Path:
    """glmnet's ``family = "cox"`` path (Breslow ties) on a standardised ``X``."""
    from radstats.selection.glmnet import _cd

    risk = CoxRiskSets(time, event)
    lam, generated, alf = _sequence(nlambda, lambda_min_ratio, user_lambda, single_exponent=True)
    # coxnet's own stopping rules (its literals 0.99 and 0.999 are single precision)
    devmax = _DEVMAX * float(np.float32(0.99)) / float(np.float32(0.999))
    result = _cd.cox_path(np.asfortranarray(np.asarray(X, dtype=float)[risk.order]), risk.event,
                          risk.starts, risk.counts, cox_saturated(time, event), float(alpha), lam,
                          generated, alf, float(thresh), int(maxit), _MNLAM, _FDEV * 100.0, devmax)
    return _finish(result, generated)
