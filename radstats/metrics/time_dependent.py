"""Discrimination of a survival model at several follow-up horizons."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from radstats._core.errors import InputError
from radstats._core.resampling import bootstrap_replicates
from radstats._core.validation import as_float_vector, check_same_length
from radstats.metrics.concordance import concordance_index
from radstats.survival.surv import Surv


def time_dependent_cindex(time, event, risk, horizons, method: str = "harrell",
                          n_boot: int = 0, conf_level: float = 0.95, random_state=None,
                          n_jobs: int = 1) -> pd.DataFrame:
    """C-index restricted to follow-up up to each horizon, with bootstrap CIs.

    At horizon ``h`` only pairs whose earlier event happens at or before ``h``
    count: the "C-index at 3, 6, 9 and 12 months" of the seed studies.

    Parameters
    ----------
    time, event : array-like
        Follow-up and event indicator.
    risk : array-like of float
        Predicted risk, **higher = worse**.
    horizons : array-like of float
        Follow-up horizons, in the units of ``time``.
    method : {"harrell", "uno"}
    n_boot : int, default 0
        Bootstrap replicates for percentile CIs (0: none). One resample serves
        every horizon, so the intervals are jointly consistent.
    conf_level : float, default 0.95
    random_state, n_jobs
        As :func:`radstats.metrics.bootstrap_ci`; results do not depend on ``n_jobs``.

    Returns
    -------
    DataFrame
        ``horizon, c_index, ci_lower, ci_upper, events`` (``events``: events at or
        before the horizon).

    Notes
    -----
    Each estimate matches ``survival::concordance(Surv(time, event) ~ risk,
    reverse = TRUE, ymax = horizon)`` (survival 3.5-3) to 1e-8; the CIs are
    percentile bootstrap intervals (agreement with R in distribution only).

    Examples
    --------
    >>> from radstats.datasets import load_lung
    >>> lung = load_lung()
    >>> table = time_dependent_cindex(lung["time"], lung["status"] == 2, lung["age"], [180, 365])
    >>> table["events"].tolist()
    [63, 121]
    """
    outcome = Surv(time, event)
    risk = as_float_vector(risk, "risk")
    check_same_length(time=outcome.time, risk=risk)
    horizons = as_float_vector(horizons, "horizons")
    too_early = horizons[horizons < outcome.time[outcome.event].min()]
    if len(too_early):
        raise InputError(f"horizon(s) {too_early.tolist()} precede the first event")
    too_late = horizons[horizons > outcome.time.max()]
    if len(too_late):
        warnings.warn(f"horizon(s) {too_late.tolist()} beyond the last follow-up "
                      f"({outcome.time.max():g}) give the unrestricted C-index", stacklevel=2)

    def estimates(rows):
        return [concordance_index(outcome.time[rows], outcome.event[rows], risk[rows],
                                  method=method, tau=h).estimate for h in horizons]

    table = pd.DataFrame({"horizon": horizons,
                          "c_index": estimates(np.arange(len(risk))),
                          "ci_lower": np.nan, "ci_upper": np.nan,
                          "events": [int((outcome.event & (outcome.time <= h)).sum())
                                     for h in horizons]})
    if n_boot:
        replicates = bootstrap_replicates(estimates, len(risk), n_boot, random_state, n_jobs,
                                          width=len(horizons))
        failed = np.isnan(replicates).any(axis=1)
        if failed.any():
            warnings.warn(f"{int(failed.sum())} of {n_boot} bootstrap replicates were not "
                          "estimable and are left out", stacklevel=2)
        alpha = (1 - conf_level) / 2
        table[["ci_lower", "ci_upper"]] = np.quantile(replicates[~failed], [alpha, 1 - alpha],
                                                      axis=0).T
    return table


def _weighted_wins(case_risk, case_weight, control_risk):
    """For each case, the share of controls it outranks (ties 1/2); for each control,
    the case weight that outranks it (ties 1/2)."""
    controls = np.sort(control_risk)
    below = np.searchsorted(controls, case_risk, side="left")
    tied = np.searchsorted(controls, case_risk, side="right") - below
    case_wins = below + tied / 2
    order = np.argsort(case_risk, kind="stable")
    sorted_risk, cumulative = case_risk[order], np.r_[0.0, np.cumsum(case_weight[order])]
    lower = np.searchsorted(sorted_risk, control_risk, side="left")
    upper = np.searchsorted(sorted_risk, control_risk, side="right")
    total = cumulative[-1]
    control_losses = (total - cumulative[upper]) + (cumulative[upper] - cumulative[lower]) / 2
    return case_wins, control_losses


class _CensoringKM:
    """Kaplan–Meier of the censoring times with what the AUC's influence function needs.

    ``before(t)`` is G(t-) with deaths before censorings at tied times (as
    prodlim's reverse Kaplan–Meier); ``influence(case_times, weights)`` returns,
    for every subject k, ``sum_i weights_i f_k(T_i-)`` with ``f_k(s) = int_0^s
    dM^C_k(u) / y(u)`` the Kaplan–Meier influence function of ``-log G(s)``,
    ``y(u)`` the share still followed at ``u`` (events at ``u`` included, as
    riskRegression's ``getInfluenceFunctionAUCKMCensoringTerm``).
    """

    def __init__(self, time: np.ndarray, event: np.ndarray):
        from radstats.metrics.concordance import censoring_survival_before

        self.time, self.event = time, event
        self._before = lambda at: censoring_survival_before(time, event, at)
        n = len(time)
        self.grid = np.unique(time)
        self.index = np.searchsorted(self.grid, time)
        deaths = np.bincount(self.index, weights=event, minlength=len(self.grid))
        censored = np.bincount(self.index, weights=~event, minlength=len(self.grid))
        at_risk = n - np.r_[0, np.cumsum(deaths + censored)[:-1]]
        self.jump = n / at_risk  # 1 / y(u) at each grid time
        self.compensator = np.cumsum(censored * n / at_risk**2)  # int_0^u dLambda^C / y

    def before(self, at) -> np.ndarray:
        return self._before(np.asarray(at, dtype=float))

    def influence(self, case_time: np.ndarray, weight: np.ndarray) -> np.ndarray:
        order = np.argsort(case_time, kind="stable")
        case_time, weight = case_time[order], weight[order]
        position = np.searchsorted(self.grid, case_time)  # grid index of each case time
        # compensator up to just before the case's time (0 before the first grid time)
        compensator_before = np.where(position > 0, self.compensator[np.maximum(position - 1, 0)], 0.0)
        cum_weight = np.r_[0.0, np.cumsum(weight)]
        cum_weighted = np.r_[0.0, np.cumsum(weight * compensator_before)]
        done = np.searchsorted(case_time, self.time, side="right")  # cases with T_i <= T_k
        later = cum_weight[-1] - cum_weight[done]  # weight of the cases after T_k
        own_jump = np.where(self.event, 0.0, self.jump[self.index])
        return later * (own_jump - self.compensator[self.index]) - cum_weighted[done]


CASES = ("le", "lt")


def time_dependent_auc(time, event, marker, times, cases: str = "le",
                       conf_level: float = 0.95) -> pd.DataFrame:
    """Cumulative/dynamic AUC at each time with inverse-probability-of-censoring weights.

    At time t, cases are the patients with an event by t (weight ``1 / G(T_i-)``)
    and controls those still event-free after t (weight ``1 / G(t)``), G the
    Kaplan–Meier estimate of the censoring distribution; the AUC is the weighted
    share of case-control pairs where the case has the higher marker (ties
    count 1/2).

    Parameters
    ----------
    time, event : array-like
        Follow-up and event indicator.
    marker : array-like of float
        Predicted risk, **higher = worse**.
    times : array-like of float
        Evaluation times, within the follow-up.
    cases : {"le", "lt"}, default "le"
        ``"le"``: cases have ``T <= t`` (riskRegression's ``Score``); ``"lt"``:
        ``T < t`` (timeROC's ``timeROC``), so an event exactly at t is neither a
        case nor a control.
    conf_level : float, default 0.95

    Returns
    -------
    DataFrame
        ``time, auc, se, ci_lower, ci_upper, cases, controls, se_conservative``;
        the interval is ``auc -/+ z se`` clipped to [0, 1], as riskRegression's;
        ``se_conservative`` holds the censoring weights fixed (see Notes).

    Raises
    ------
    InputError
        When a time leaves no case or no control, naming it (a time at or beyond
        the last follow-up has no controls).

    Notes
    -----
    ``cases="le"`` matches ``riskRegression::Score(list(marker), Hist(time,
    status) ~ 1, times =, metrics = "auc", cens.model = "km")`` (2022.11.28):
    AUC, se and interval to 1e-8, with Score's default ``conservative = FALSE``
    (the se propagates the Kaplan–Meier estimation of G) and with
    ``conservative = TRUE`` (``se_conservative``, weights held fixed).
    ``cases="lt"`` matches timeROC's estimator (``timeROC(T, delta, marker,
    cause = 1, weighting = "marginal", times)``, 0.4), whose formula the
    reference script writes in base R (timeROC is not in Debian), AUC to 1e-8;
    its se is the same influence function, with no R reference. Own
    O(n log n) implementation of the U-statistic and of its influence
    function (Blanche, Dartigues & Jacqmin-Gadda 2013).

    Examples
    --------
    >>> from radstats.datasets import load_lung
    >>> lung = load_lung()
    >>> table = time_dependent_auc(lung["time"], lung["status"] == 2, lung["age"], [365])
    >>> table.columns.tolist()
    ['time', 'auc', 'se', 'ci_lower', 'ci_upper', 'cases', 'controls', 'se_conservative']
    """
    from scipy import stats

    if cases not in CASES:
        raise InputError(f"`cases` must be one of {CASES}, got {cases!r}")
    outcome = Surv(time, event)
    marker = as_float_vector(marker, "marker")
    check_same_length(time=outcome.time, marker=marker)
    times = as_float_vector(times, "times")
    last = outcome.time.max()
    beyond = times[times >= last]
    if len(beyond):
        raise InputError(f"time(s) {beyond.tolist()} at or beyond the last follow-up ({last:g}): "
                         "no patient is still followed, so there are no controls")
    censoring = _CensoringKM(outcome.time, outcome.event)
    g_before = censoring.before(outcome.time)
    z = stats.norm.ppf(1 - (1 - conf_level) / 2)
    rows = [_auc_at(t, outcome, marker, censoring, g_before, cases) for t in times]
    table = pd.DataFrame(rows)
    table["ci_lower"] = np.maximum(0.0, table["auc"] - z * table["se"])
    table["ci_upper"] = np.minimum(1.0, table["auc"] + z * table["se"])
    return table[["time", "auc", "se", "ci_lower", "ci_upper", "cases", "controls",
                  "se_conservative"]]


def _auc_at(t, outcome, marker, censoring, g_before, cases) -> dict:
    """AUC(t), its se and the conservative se (weights held fixed)."""
    n = len(marker)
    case = outcome.event & ((outcome.time <= t) if cases == "le" else (outcome.time < t))
    control = outcome.time > t
    if not case.any() or not control.any():
        raise InputError(f"at time {t:g} there are {int(case.sum())} cases and "
                         f"{int(control.sum())} controls; the AUC needs both")
    g_t = censoring.before([np.nextafter(t, np.inf)])[0]
    a = np.where(case, 1 / g_before, 0.0)  # case weights
    b = np.where(control, 1 / g_t, 0.0)  # control weights
    case_wins, control_losses = _weighted_wins(marker[case], a[case], marker[control])
    sum_a, sum_b = a.sum(), b.sum()
    nu = (a[case] * case_wins).sum() / g_t / n**2
    mu = sum_a * sum_b / n**2
    auc = nu / mu
    # Influence function of nu/mu, both weighted two-sample U-statistics, G fixed ...
    pair_sums = np.zeros(n)
    pair_sums[case] = a[case] * case_wins / g_t
    pair_sums[control] = b[control] * control_losses
    influence_nu = pair_sums / n - 2 * nu
    influence_mu = (a * sum_b + b * sum_a) / n - 2 * mu
    fixed = (influence_nu * mu - influence_mu * nu) / mu**2
    # ... plus the estimation of G in the case weights 1/G(T_i-); the control
    # weight 1/G(t) is common to nu and mu and cancels.
    share_won = case_wins / (n * g_t)  # (1/n) sum_j b_j H_ij, per case
    case_weight = a[case] * (share_won * mu - nu * sum_b / n) / mu**2 / n
    influence = fixed + censoring.influence(outcome.time[case], case_weight)
    root_n = np.sqrt(n)
    return {"time": t, "auc": auc, "se": influence.std(ddof=1) / root_n,
            "se_conservative": fixed.std(ddof=1) / root_n,
            "cases": int(case.sum()), "controls": int(control.sum())}
