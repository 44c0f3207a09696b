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


def time_dependent_auc(time, event, marker, times, conf_level: float = 0.95) -> pd.DataFrame:
    """Cumulative/dynamic AUC at each time with inverse-probability-of-censoring weights.

    At time t, cases are the patients with an event at or before t (weight
    ``1 / G(T_i-)``) and controls those still event-free after t (weight
    ``1 / G(t)``), G the Kaplan–Meier estimate of the censoring distribution;
    the AUC is the weighted share of case-control pairs where the case has the
    higher marker (ties count 1/2).

    Parameters
    ----------
    time, event : array-like
        Follow-up and event indicator.
    marker : array-like of float
        Predicted risk, **higher = worse**.
    times : array-like of float
        Evaluation times.
    conf_level : float, default 0.95

    Returns
    -------
    DataFrame
        ``time, auc, se, ci_lower, ci_upper, cases, controls``; the interval is
        ``auc -/+ z se`` clipped to [0, 1], as riskRegression's.

    Notes
    -----
    Matches ``riskRegression::Score(list(marker), Hist(time, status) ~ 1,
    times =, metrics = "auc", cens.model = "km")`` (2022.11.28): the AUC to
    1e-8. The standard error is the influence function of the weighted
    U-statistic with the censoring weights held fixed, equal to Score's with
    ``conservative = TRUE`` (1e-8); Score's default also propagates the
    estimation of G, which changes the se by 1e-5 to 4e-3 relative in the
    fixtures (largest under heavy censoring; tested at 5e-3). Cases are
    T <= t, riskRegression's convention.

    Examples
    --------
    >>> from radstats.datasets import load_lung
    >>> lung = load_lung()
    >>> table = time_dependent_auc(lung["time"], lung["status"] == 2, lung["age"], [365])
    >>> table.columns.tolist()
    ['time', 'auc', 'se', 'ci_lower', 'ci_upper', 'cases', 'controls']
    """
    from scipy import stats

    from radstats.metrics.concordance import censoring_survival_before

    outcome = Surv(time, event)
    marker = as_float_vector(marker, "marker")
    check_same_length(time=outcome.time, marker=marker)
    times = as_float_vector(times, "times")
    n = len(marker)
    g_before = censoring_survival_before(outcome.time, outcome.event, outcome.time)
    rows = []
    for t in times:
        case = outcome.event & (outcome.time <= t)
        control = outcome.time > t
        if not case.any() or not control.any():
            raise InputError(f"at time {t:g} there are {int(case.sum())} cases and "
                             f"{int(control.sum())} controls; the AUC needs both")
        g_t = censoring_survival_before(outcome.time, outcome.event, np.array([np.nextafter(t, np.inf)]))[0]
        a = np.where(case, 1 / g_before, 0.0)  # case weights
        b = np.where(control, 1 / g_t, 0.0)  # control weights
        case_wins, control_losses = _weighted_wins(marker[case], a[case], marker[control])
        sum_a, sum_b = a.sum(), b.sum()
        nu = (a[case] * case_wins).sum() * (1 / g_t) / n**2
        mu = sum_a * sum_b / n**2
        auc = nu / mu
        # Influence function of nu/mu, both weighted two-sample U-statistics.
        pair_sums = np.zeros(n)
        pair_sums[case] = a[case] * case_wins / g_t
        pair_sums[control] = b[control] * control_losses
        influence_nu = pair_sums / n - 2 * nu
        influence_mu = (a * sum_b + b * sum_a) / n - 2 * mu
        influence = (influence_nu * mu - influence_mu * nu) / mu**2
        se = influence.std(ddof=1) / np.sqrt(n)
        z = stats.norm.ppf(1 - (1 - conf_level) / 2)
        rows.append({"time": t, "auc": auc, "se": se, "ci_lower": max(0.0, auc - z * se),
                     "ci_upper": min(1.0, auc + z * se), "cases": int(case.sum()),
                     "controls": int(control.sum())})
    return pd.DataFrame(rows)
