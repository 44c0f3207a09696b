"""The Cox partial likelihood with Efron or Breslow ties, vectorised.

Everything is computed from cumulative sums over subjects sorted by time, so
one evaluation costs O(n p^2) with BLAS and no Python loop over event times.
For the tie-corrected terms each death contributes one "row" ``(j, k)``: the
j-th distinct event time and the k-th of its ``d_j`` deaths, with Efron
weight ``a = k / d_j`` (Breslow: ``a = 0``). Then, with ``S`` sums over the
risk set and ``D`` sums over the deaths at that time,

    den_jk = S0_j - a D0_j,     vec_jk = S1_j - a D1_j,
    loglik = sum_deaths eta - sum_jk log den_jk,
    score  = sum_deaths x   - sum_jk vec_jk / den_jk,
    info   = sum_jk (S2_j - a D2_j) / den_jk - vec_jk vec_jk' / den_jk^2.

The S2 and D2 sums are never formed: their weighted totals are ``X' W X``
with per-subject weights, which is what keeps memory at O(n p). The risk
scores are ``exp(eta)`` unshifted, as in ``coxfit6``, so a step overflows
exactly where R's does (and is halved); the sums are divided by ``S0`` before
they are combined, so ratios such as ``vec / den`` never pass through a
square of ``1 / den`` that could overflow where R's running sums do not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np


def reverse_cumsum(a: np.ndarray) -> np.ndarray:
    """Sums from each row to the last (risk-set sums of subjects sorted by time)."""
    return np.cumsum(a[::-1], axis=0)[::-1]


class EventOrder(NamedTuple):
    """Subjects sorted by time (deaths before censorings at a tie) and the index
    structure of the distinct event times: one "row" per death, Efron's weight of
    each, and where each risk set starts."""

    order: np.ndarray  # the sorting permutation of the caller's rows
    time: np.ndarray  # sorted times
    deaths: np.ndarray  # positions of the deaths in sorted order
    event_times: np.ndarray  # the distinct event times
    death_group: np.ndarray  # event-time index j of each death
    death_counts: np.ndarray  # d_j, deaths at each event time
    group_first_death: np.ndarray  # first death row of each event time (for reduceat)
    efron_a: np.ndarray  # a = k / d_j of each death row (the k-th of d_j, from 0)
    risk_start: np.ndarray  # first sorted position at risk at each event time
    subject_last_group: np.ndarray  # last event-time index with risk_start <= i (-1: none)


def event_order(time, event) -> EventOrder:
    """The :class:`EventOrder` of follow-up ``time`` and event indicators ``event``."""
    time, event = np.asarray(time, dtype=float), np.asarray(event, dtype=bool)
    order = np.lexsort((~event, time))
    time = time[order]
    deaths = np.flatnonzero(event[order])
    event_times, death_group, counts = np.unique(time[deaths], return_inverse=True,
                                                 return_counts=True)
    first = np.concatenate(([0], np.cumsum(counts)[:-1]))
    efron_a = (np.arange(len(deaths)) - first[death_group]) / counts[death_group]
    risk_start = np.searchsorted(time, event_times, side="left")
    last_group = np.searchsorted(risk_start, np.arange(len(time)), side="right") - 1
    return EventOrder(order, time, deaths, event_times, death_group, counts, first, efron_a,
                      risk_start, last_group)


@dataclass(frozen=True)
class RiskSets:
    """Subjects sorted by time with the index structure of their event times."""

    X: np.ndarray  # (n, p) covariates, sorted by time
    time: np.ndarray  # (n,) sorted times
    deaths: np.ndarray  # positions of the deaths in sorted order
    X_deaths: np.ndarray  # X[deaths]
    X_deaths_sum: np.ndarray  # its column sums
    death_group: np.ndarray  # event-time index j of each death
    efron_a: np.ndarray  # a = k / d_j of each death row (zeros for Breslow)
    efron: bool
    group_first_death: np.ndarray  # first death row of each event time (for reduceat)
    risk_start: np.ndarray  # first sorted position at risk at each event time
    subject_last_group: np.ndarray  # last event-time index with risk_start <= i (-1: none)
    event_times: np.ndarray  # the distinct event times
    death_counts: np.ndarray  # d_j, deaths at each event time
    X1: np.ndarray  # (n, 1 + p): a column of ones, then X (risk sums and weighted sums at once)

    @classmethod
    def build(cls, X: np.ndarray, time: np.ndarray, event: np.ndarray, ties: str) -> "RiskSets":
        return cls.from_order(event_order(time, event), X, ties)

    @classmethod
    def from_order(cls, index: EventOrder, X: np.ndarray, ties: str) -> "RiskSets":
        """Risk sets of covariates ``X`` (caller's row order) on a precomputed event order."""
        X, deaths = X[index.order], index.deaths
        efron = ties == "efron" and bool((index.death_counts > 1).any())  # no ties: Breslow
        efron_a = index.efron_a if efron else np.zeros(len(deaths))
        X_deaths = X[deaths]
        X1 = np.empty((len(X), X.shape[1] + 1))
        X1[:, 0], X1[:, 1:] = 1.0, X
        return cls(X, index.time, deaths, X_deaths, X_deaths.sum(axis=0), index.death_group,
                   efron_a, efron, index.group_first_death, index.risk_start,
                   index.subject_last_group, index.event_times, index.death_counts, X1)

    def _by_group(self, weights: np.ndarray) -> np.ndarray:
        return np.bincount(self.death_group, weights=weights, minlength=len(self.event_times))

    def _denominators(self, r: np.ndarray):
        """``(den, D0)``: one denominator per death row, and death sums by event time."""
        S0 = reverse_cumsum(r)[self.risk_start]
        if not self.efron:
            return S0[self.death_group], None
        D0 = np.add.reduceat(r[self.deaths], self.group_first_death)
        return S0[self.death_group] - self.efron_a * D0[self.death_group], D0

    def hazard_increments(self, eta: np.ndarray) -> np.ndarray:
        """Baseline hazard jump at each event time for risk ``exp(eta)``.

        Breslow: ``d_j / S0_j``; Efron: ``sum_k 1 / (S0_j - k/d_j D0_j)``, as
        ``survfit.coxph`` (ctype 1 and 2) computes them.
        """
        den, _ = self._denominators(np.exp(eta))
        return self._by_group(1.0 / den)

    def evaluate(self, beta: np.ndarray):
        """Return ``(loglik, score, information)`` at ``beta``.

        The per-death terms are summed by event time first (``g``, ``h`` below),
        so only (event times x p) arrays are formed besides ``X`` itself. The
        risk sums ``S0`` and ``S1`` (and ``D0``, ``D1``) come from one cumulative
        sum of ``r * [1, X]`` and are divided by ``S0`` at once: every term is
        then a mean or a ratio in ``(0, 1]``, as in ``coxfit6``'s running sums,
        so a far-out ``beta`` (risk sets of very different size) cannot
        overflow a square of ``1 / den``. A risk set summing to zero in floating
        point still gives a non-finite result, which the caller must reject.
        """
        eta = self.X @ beta
        r = np.exp(eta)  # unshifted, as coxfit6: it overflows (and is rejected) where R's does
        rX1 = r[:, None] * self.X1
        S = reverse_cumsum(rX1)[self.risk_start]
        S0 = S[:, 0]
        S1 = S[:, 1:] / S0[:, None]  # risk-set means of X
        group = self.death_group
        if self.efron:
            a = self.efron_a
            D = np.add.reduceat(rX1[self.deaths], self.group_first_death, axis=0) / S0[:, None]
            D1 = D[:, 1:]
            q = 1.0 - a * D[group, 0]  # den / S0, in [1 / d_j, 1]
            inv = 1.0 / q
            inv2 = inv * inv
            g0, h0, g1, h1, h2 = np.add.reduceat(
                np.stack((inv, inv2, a * inv, a * inv2, a * a * inv2)),
                self.group_first_death, axis=1)
            log_q = np.log(q).sum()
        else:
            g0 = h0 = self.death_counts.astype(float)
            log_q = 0.0
        loglik = eta[self.deaths].sum() - np.log(S0).dot(self.death_counts) - log_q
        score = self.X_deaths_sum - S1.T @ g0

        cumulative = np.concatenate((np.cumsum(g0 / S0), [0.0]))
        weight = r * cumulative[self.subject_last_group]  # index -1 picks the 0
        outer = S1.T @ (h0[:, None] * S1)
        if self.efron:
            score += D1.T @ g1
            weight[self.deaths] -= r[self.deaths] * (g1 / S0)[group]
            cross = S1.T @ (h1[:, None] * D1)
            outer += D1.T @ (h2[:, None] * D1) - cross - cross.T
        information = self.X.T @ (weight[:, None] * self.X) - outer
        return loglik, score, information
