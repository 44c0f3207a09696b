"""The Cox partial likelihood (Efron ties) for many models at once, and its cross-validation.

The learners implemented here from their papers (CoxBoost, plsRcox, SuperPC)
fit hundreds of small Cox models (one per feature, per component, per fold)
and score many linear predictors on held-out data. :class:`CoxRisk` sorts the
subjects once and evaluates, for a batch of models, the log partial
likelihood, its score and information with cumulative sums, without a Python
loop over event times. Ties are Efron's (``survival::coxph``'s default, and
the weighting CoxBoost uses); without tied event times it equals Breslow.

For the death rows ``(j, k)`` (the k-th of the ``d_j`` deaths at the j-th event
time, Efron weight ``a = k / d_j``), with ``S`` sums over the risk set and
``D`` over the deaths at that time of ``r = exp(eta)`` times 1, ``z`` or ``z z'``:

    loglik = sum_deaths eta - sum_jk log(S0_j - a D0_j)
    score  = sum_deaths z - sum_jk m_jk,        m_jk = (S1_j - a D1_j) / (S0_j - a D0_j)
    info   = sum_jk (S2_j - a D2_j) / (S0_j - a D0_j) - m_jk m_jk'
"""

from __future__ import annotations

import numpy as np

from radstats._core.errors import InputError
from radstats.screen.learners._base import check_count
from radstats.survival._cox_likelihood import event_order, reverse_cumsum


class CoxRisk:
    """Subjects sorted by time (deaths first at a tie) with their Efron risk-set structure.

    Parameters
    ----------
    time, event : ndarray
        Follow-up times and event indicators (bool), in the caller's row order.
    """

    def __init__(self, time: np.ndarray, event: np.ndarray):
        index = event_order(time, event)
        if index.deaths.size == 0:
            raise InputError("the outcome has no events")
        self.order, self.deaths, self.group = index.order, index.deaths, index.death_group
        self.first, self.a, self.risk_start = index.group_first_death, index.efron_a, index.risk_start
        self.last_group, self.n = index.subject_last_group, len(index.time)

    # ------------------------------------------------------------ building blocks
    def _rows(self, w: np.ndarray) -> np.ndarray:
        """``S_j - a D_j`` of per-subject values ``w`` (sorted; any trailing shape), per death row."""
        S = reverse_cumsum(w)[self.risk_start]
        D = np.add.reduceat(w[self.deaths], self.first, axis=0)
        a = self.a.reshape((-1,) + (1,) * (w.ndim - 1))
        return S[self.group] - a * D[self.group]

    def loglik(self, eta: np.ndarray) -> np.ndarray:
        """Log partial likelihood of each column of ``eta`` (rows in the caller's order)."""
        eta = np.asarray(eta, dtype=float)[self.order]
        shift = eta.max(axis=0)
        den = self._rows(np.exp(eta - shift))
        return eta[self.deaths].sum(axis=0) - np.log(den).sum(axis=0) - shift * len(self.deaths)

    def weights(self) -> np.ndarray:
        """The Efron risk-set weights as a matrix: death rows x subjects (caller's order).

        Row ``(j, k)`` is 1 for the subjects at risk at the j-th event time and
        ``1 - a`` for its tied deaths, so ``weights() @ r`` is ``S0_j - a D0_j``.
        """
        rows = np.zeros((len(self.deaths), self.n))
        rows[np.arange(self.n)[None, :] >= self.risk_start[self.group][:, None]] = 1.0
        same = self.group[:, None] == self.group[None, :]
        rows[:, self.deaths] -= same * self.a[:, None]
        out = np.empty_like(rows)
        out[:, self.order] = rows
        return out

    def componentwise(self, X: np.ndarray, eta: np.ndarray, weights: np.ndarray):
        """Score ``U_j`` and information ``I_j`` of each column of ``X`` alone, at offset ``eta``.

        These are the one-parameter Cox models ``eta + gamma x_j`` at
        ``gamma = 0`` (rows in the caller's order; ``weights`` is :meth:`weights`).
        """
        r = np.exp(eta - eta.max())
        den = (weights @ r)[:, None]
        rX = r[:, None] * X
        mean = (weights @ rX) / den
        second = (weights @ (rX * X)) / den
        score = X[self.order[self.deaths]].sum(axis=0) - mean.sum(axis=0)
        return score, (second - mean**2).sum(axis=0)

    def _exposure(self, inv: np.ndarray) -> np.ndarray:
        """Per subject (sorted), the sum of ``inv`` (per death row, ``(M, B)``) over its rows.

        Subject i counts ``inv`` in every row whose risk set holds it, less
        ``a * inv`` in the rows of its own death time (Efron): with
        ``inv = 1 / den`` this is its cumulative hazard up to its time, per unit risk.
        """
        by_group = np.zeros((len(self.first), inv.shape[1]))
        np.add.at(by_group, self.group, inv)
        cumulative = np.vstack((np.cumsum(by_group, axis=0), np.zeros((1, inv.shape[1]))))
        weight = cumulative[self.last_group]                  # index -1 picks the zero row
        own = np.zeros_like(by_group)
        np.add.at(own, self.group, self.a[:, None] * inv)
        weight[self.deaths] -= own[self.group]
        return weight

    def martingale(self, eta: np.ndarray) -> np.ndarray:
        """Martingale residuals ``event - exp(eta) H0(t)``: the gradient of the log
        partial likelihood in ``eta`` (caller's row order)."""
        eta_sorted = np.asarray(eta, dtype=float)[self.order]
        r = np.exp(eta_sorted - eta_sorted.max())
        residual = -r * self._exposure(1.0 / self._rows(r)[:, None])[:, 0]
        residual[self.deaths] += 1.0
        out = np.empty_like(residual)
        out[self.order] = residual
        return out

    def _evaluate(self, Z: np.ndarray, beta: np.ndarray):
        """``(loglik (B,), score (B, q), info (B, q, q))`` of models ``Z[:, b] @ beta[b]``.

        ``Z`` is sorted, shape ``(n, B, q)``: one design per batch member. A
        member whose coefficients have run off (a risk set summing to zero in
        floating point) gets a non-finite log-likelihood.
        """
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            loglik, score, info = self._evaluate_unguarded(Z, beta)
        return np.where(np.isnan(loglik), -np.inf, loglik), score, info

    def _evaluate_unguarded(self, Z: np.ndarray, beta: np.ndarray):
        eta = (Z * beta).sum(axis=2)
        shift = eta.max(axis=0)
        r = np.exp(eta - shift)
        den = self._rows(r)                                   # (M, B)
        mean = self._rows(r[..., None] * Z) / den[..., None]  # (M, B, q)
        loglik = eta[self.deaths].sum(axis=0) - np.log(den).sum(axis=0) - shift * len(self.deaths)
        score = Z[self.deaths].sum(axis=0) - mean.sum(axis=0)
        # sum over rows of (S2 - a D2) / den as one weighted cross-product per member
        weight = self._exposure(1.0 / den)
        by_member = Z.transpose(1, 2, 0)                      # (B, q, n)
        info = by_member @ ((r * weight).T[:, :, None] * Z.transpose(1, 0, 2)) \
            - mean.transpose(1, 2, 0) @ mean.transpose(1, 0, 2)
        return loglik, score, info

    # ------------------------------------------------------------------ fitting
    def fit_batch(self, Z: np.ndarray, start: np.ndarray | None = None, max_iter: int = 20,
                  eps: float = 1e-9):
        """Newton-Raphson Cox fits of a batch of designs; ``Z`` is ``(n, B, q)`` in caller order.

        Returns ``(beta (B, q), loglik (B,))``. As ``coxph``: start at zero (or
        ``start``), halve the step while the log-likelihood falls, stop when
        ``|1 - loglik_old / loglik_new| <= eps`` or after ``max_iter``
        iterations (``coxph``'s ``iter.max``: coefficients of a monotone
        likelihood stop large, not infinite). A singular information (a column
        without variation) gets a pseudo-inverse step.
        """
        Z = np.asarray(Z, dtype=float)[self.order]
        beta = np.zeros(Z.shape[1:]) if start is None else np.array(start, dtype=float)
        loglik, score, info = self._evaluate(Z, beta)
        active = np.arange(len(beta))  # members still iterating; only they are evaluated
        for _ in range(max_iter):
            members, old_beta, old_loglik = Z[:, active], beta[active], loglik[active]
            step = _solve(info, score)
            step[~np.isfinite(step).all(axis=1)] = 0.0  # a broken-down member stops where it is
            new_beta = old_beta + step
            new_loglik, score, info = self._evaluate(members, new_beta)
            for _ in range(10):  # step-halving where the likelihood fell (or overflowed)
                fell = new_loglik < old_loglik - 1e-12 * np.abs(old_loglik)
                worse = np.flatnonzero(fell | ~np.isfinite(new_loglik))
                if not worse.size:
                    break
                new_beta[worse] = (new_beta[worse] + old_beta[worse]) / 2
                new_loglik[worse], score[worse], info[worse] = self._evaluate(
                    members[:, worse], new_beta[worse])
            beta[active], loglik[active] = new_beta, new_loglik
            going = ~(np.abs(1 - old_loglik / new_loglik) <= eps)
            active, score, info = active[going], score[going], info[going]
            if not active.size:
                break
        return beta, loglik


def _solve(info: np.ndarray, score: np.ndarray) -> np.ndarray:
    try:
        return np.linalg.solve(info, score[..., None])[..., 0]
    except np.linalg.LinAlgError:
        return (np.linalg.pinv(info, hermitian=True) @ score[..., None])[..., 0]


def cox_fit(Z: np.ndarray, time: np.ndarray, event: np.ndarray) -> np.ndarray:
    """Coefficients of one Cox model (Efron ties) on the columns of ``Z``."""
    beta, _ = CoxRisk(time, event).fit_batch(np.asarray(Z, dtype=float)[:, None, :])
    return beta[0]


def event_folds(event: np.ndarray, nfolds: int, rng: np.random.Generator, who: str) -> np.ndarray:
    """Fold labels 0..K-1 with the events (and the censored) spread evenly over the folds.

    Each fold gets at least one event; ``who`` names the learner in the error.
    """
    event = np.asarray(event, dtype=bool)
    check_count(nfolds, "nfolds", who, minimum=2)
    n_events = int(event.sum())
    if n_events < nfolds:
        raise InputError(f"{who}: {nfolds}-fold cross-validation needs at least {nfolds} "
                         f"events; got {n_events}")
    folds = np.empty(len(event), dtype=int)
    start = 0
    for members in (np.flatnonzero(event), np.flatnonzero(~event)):
        shuffled = rng.permutation(members)
        folds[shuffled] = (start + np.arange(len(shuffled))) % nfolds
        start += len(shuffled)
    return folds


class VerweijCV:
    """Cross-validated partial likelihood of Verweij and van Houwelingen (1993).

    A model fitted without fold k is scored by ``l(eta) - l_{-k}(eta)``: the
    log partial likelihood of all subjects under its linear predictor minus
    that of its training subjects (``cv.CoxBoost(type = "verweij")``,
    ``cv.glmnet``'s grouped Cox deviance). Summed over folds, the best setting
    has the largest value.
    """

    def __init__(self, time, event, folds):
        self.folds = np.asarray(folds)
        self.everyone = CoxRisk(time, event)
        self.training = [CoxRisk(time[self.folds != k], event[self.folds != k])
                         for k in range(self.folds.max() + 1)]

    @classmethod
    def on_event_folds(cls, y, nfolds: int, rng: np.random.Generator, who: str) -> "VerweijCV":
        """The CV of outcome ``y`` (a Surv) on :func:`event_folds`."""
        return cls(y.time, y.event, event_folds(y.event, nfolds, rng, who))

    def train(self, k: int) -> np.ndarray:
        """Boolean mask of fold ``k``'s training rows."""
        return self.folds != k

    def score(self, k: int, eta: np.ndarray) -> np.ndarray:
        """Fold ``k``'s contribution for each column of ``eta`` (all rows)."""
        eta = np.asarray(eta, dtype=float)
        return self.everyone.loglik(eta) - self.training[k].loglik(eta[self.train(k)])
