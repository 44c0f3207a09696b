"""Harrell's concordance index for right-censored outcomes."""

from __future__ import annotations

import dataclasses

import numpy as np

from radstats._core.errors import InputError
from radstats._core.results import Result
from radstats._core.validation import as_float_vector, check_same_length
from radstats.survival.surv import Surv


@dataclasses.dataclass(frozen=True, repr=False)
class ConcordanceResult(Result):
    """Concordance estimate with the pair counts behind it.

    ``estimate = (concordant + tied_risk / 2) / (concordant + discordant + tied_risk)``.
    ``tied_time`` and ``tied_both`` count pairs of events at the same time (with
    unequal and equal risk); they are not comparable and do not enter the estimate.
    For Uno's C the counts are weighted by ``1 / G(t-)^2`` (so not integers).
    """

    estimate: float
    concordant: float
    discordant: float
    tied_risk: float
    tied_time: float
    tied_both: float
    meta: dict = dataclasses.field(default_factory=dict)


_DIRECT_MAX = 600


def _later_counts(rank: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each position p, count positions q > p with ``rank[q] < rank[p]`` and ``==``.

    ``equal`` needs no search: within a rank, later positions are those after p in
    position order. ``less`` is a bottom-up merge sort: when a left block and its
    right sibling merge (stably, so at equal ranks the left element comes first),
    the right elements placed before a left element are exactly those after it
    with a smaller rank. Each level is one run-merging stable sort and a
    cumulative sum: O(n log n), no Python loop over n.
    """
    n = len(rank)
    position = np.arange(n)
    # ranks are dense (0..k-1): within a rank, count the positions seen so far
    counts = np.bincount(rank)
    seen = np.empty(n, dtype=np.int64)
    seen[np.argsort(rank, kind="stable")] = position - np.repeat(np.cumsum(counts) - counts, counts)
    equal = counts[rank] - 1 - seen
    if n <= _DIRECT_MAX:  # small n: an n x n comparison beats the merge passes
        later = position[None, :] > position[:, None]
        return ((rank[None, :] < rank[:, None]) & later).sum(axis=1), equal

    less = np.zeros(n, dtype=np.int64)
    order = np.arange(n, dtype=np.int64)  # positions sorted by (block, rank); blocks of 1
    level = 0
    while (1 << level) < n:
        parent = order >> (level + 1)
        order = order[np.argsort(parent * n + rank[order], kind="stable")]
        from_right = ((order >> level) & 1).astype(np.int64)
        right_before = np.cumsum(from_right) - from_right
        block_start = (order >> (level + 1)) << (level + 1)  # merged index of the parent's start
        offset = np.concatenate(([0], np.cumsum(from_right)))[block_start]
        left = from_right == 0
        less[order[left]] += (right_before - offset)[left]
        level += 1
    return less, equal


def _weighted_pairs_in_runs(change: np.ndarray, weight: np.ndarray) -> float:
    """Sum over runs of equal consecutive keys of (pairs in the run) x (its weight).

    ``change[i]`` says whether key ``i + 1`` differs from key ``i``; the keys must
    be sorted so equal ones are contiguous (deaths by time, then rank).
    """
    start = np.flatnonzero(np.concatenate(([True], change)))
    size = np.diff(np.append(start, len(weight)))
    return float(((size * (size - 1) // 2) * weight[start]).sum())


def censoring_survival_before(time: np.ndarray, event: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Kaplan–Meier of the censoring times just before ``at`` (G(t-)).

    At a time with both, deaths come first: a censoring at ``s`` has at risk the
    subjects still followed after the deaths at ``s``, as survival's ``fastkm1``.
    """
    times = np.unique(time)
    index = np.searchsorted(times, time)
    deaths = np.bincount(index, weights=event, minlength=len(times))
    censored = np.bincount(index, weights=~event, minlength=len(times))
    at_risk = len(time) - np.concatenate(([0], np.cumsum(deaths + censored)[:-1]))
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(censored > 0, 1 - censored / (at_risk - deaths), 1.0)
    survival_after = np.cumprod(factor)
    before = np.searchsorted(times, at, side="left") - 1
    return np.where(before >= 0, survival_after[np.maximum(before, 0)], 1.0)


def concordance_index(time, event, risk, method: str = "harrell",
                      tau: float | None = None) -> ConcordanceResult:
    """Harrell's or Uno's C: how often the subject with the higher risk fails first.

    A pair is comparable when the earlier time is an event; a censoring at the
    same time as an event counts as the longer survivor. Among comparable pairs,
    ``concordant`` means the earlier failure has the higher ``risk``, and ties in
    ``risk`` count one half.

    Parameters
    ----------
    time : array-like of float
        Follow-up times.
    event : array-like of {0, 1} or bool
        1 where the event was observed.
    risk : array-like of float
        Predicted risk: **higher = worse** (shorter survival), e.g. a Cox linear
        predictor. Pass ``-survival_time_prediction`` for a survival-time score.
    method : {"harrell", "uno"}
        Harrell's C weighs every comparable pair equally (survival's
        ``timewt = "n"``); Uno's C weighs a pair whose earlier event is at ``t``
        by ``1 / G(t-)^2``, G the Kaplan–Meier of the censoring times
        (``timewt = "n/G2"``), which removes the dependence on censoring.
    tau : float, optional
        Only pairs whose earlier event is at or before ``tau`` count (survival's
        ``ymax``): the C-index restricted to follow-up up to ``tau``.

    Returns
    -------
    ConcordanceResult
        ``estimate`` and the pair counts ``concordant, discordant, tied_risk,
        tied_time, tied_both`` (R's concordant, discordant, tied.x, tied.y, tied.xy).

    Notes
    -----
    Matches ``survival::concordance(Surv(time, event) ~ risk, reverse = TRUE,
    timewt =, ymax = tau)`` (survival 3.5-3): Harrell's estimate to 1e-8 and
    every pair count exactly, including tied times, events tied with censorings
    and tied risks; Uno's estimate and weighted counts to 1e-8. Own O(n log^2 n)
    implementation: lifelines takes predicted survival (the opposite sign) and
    neither it nor scikit-survival reports R's tie categories.

    Examples
    --------
    >>> res = concordance_index([1, 2, 3, 4], [1, 1, 0, 1], risk=[0.9, 0.5, 0.7, 0.1])
    >>> round(res.estimate, 4), res.concordant, res.discordant
    (0.8, 4.0, 1.0)
    """
    if method not in ("harrell", "uno"):
        raise InputError(f"`method` must be 'harrell' or 'uno', got {method!r}")
    outcome = Surv(time, event)
    risk = as_float_vector(risk, "risk")
    check_same_length(time=outcome.time, risk=risk)
    return concordance_of_checked(outcome, risk, method, tau)


def concordance_of_checked(outcome: Surv, risk: np.ndarray, method: str = "harrell",
                           tau: float | None = None) -> ConcordanceResult:
    """:func:`concordance_index` of a :class:`Surv` and a checked float ``risk`` of
    the same length (no validation: for callers that have done it, as ``CoxPH``)."""
    rank = np.unique(risk, return_inverse=True)[1].astype(np.int64)

    # Sort by time, deaths before censorings at a tie, then by risk: every q after
    # a death p is then comparable except later deaths at p's own time, whose risk
    # is >= p's, so they only inflate the `greater`/`equal` counts.
    order = np.lexsort((rank, ~outcome.event, outcome.time))
    rank = rank[order]
    dead = outcome.event[order]
    death_time = outcome.time[order][dead]
    less, equal = _later_counts(rank)
    after = len(rank) - 1 - np.arange(len(rank))

    weight = np.ones(len(death_time))
    if method == "uno":
        weight = 1 / censoring_survival_before(outcome.time, outcome.event, death_time) ** 2
    if tau is not None:
        weight = np.where(death_time > tau, 0.0, weight)

    new_time = death_time[1:] != death_time[:-1]
    dead_rank = rank[dead]
    tied_both = _weighted_pairs_in_runs(new_time | (dead_rank[1:] != dead_rank[:-1]), weight)
    tied_time = _weighted_pairs_in_runs(new_time, weight) - tied_both
    concordant = float(weight @ less[dead])
    tied_risk = float(weight @ equal[dead]) - tied_both
    discordant = float(weight @ (after - less - equal)[dead]) - tied_time
    comparable = concordant + discordant + tied_risk
    if comparable == 0:
        raise InputError("no comparable pairs: no event is followed by a longer follow-up"
                         + ("" if tau is None else f" up to tau = {tau:g}"))
    return ConcordanceResult(
        estimate=(concordant + tied_risk / 2) / comparable,
        concordant=concordant,
        discordant=discordant,
        tied_risk=tied_risk,
        tied_time=tied_time,
        tied_both=tied_both,
        meta={"method": method, "tau": tau, "n": len(rank), "events": outcome.n_events},
    )
