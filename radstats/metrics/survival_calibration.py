"""Calibration of predicted survival at a horizon: mean prediction against the
Kaplan–Meier estimate by risk group, as ``rms::groupkm``."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import stats

from radstats._core.errors import InputError
from radstats._core.validation import as_float_vector, check_int, check_same_length
from radstats.survival.kaplan_meier import _curve
from radstats.survival.surv import Surv


def cut2_groups(x: np.ndarray, g: int | None = None, cuts=None) -> tuple[np.ndarray, int]:
    """0-based group of each value and the number of groups, as ``Hmisc::cut2``.

    With ``g``: cut points are the smallest distinct values whose cumulative
    count reaches ``j n / g`` (``j = 1..g``), the last one the maximum; repeated
    cut points merge, and a value's group is the number of cut points below it.
    With ``cuts``: the range of ``x`` is added to ``cuts`` and groups are
    ``cut(x, cuts - d)`` with ``d`` half the smallest gap between distinct values
    (the last cut exact), so a value equal to a cut opens the next group.
    """
    if cuts is None:
        values, counts = np.unique(x, return_counts=True)
        cumulative = np.cumsum(counts)
        targets = np.arange(1, g + 1) * len(x) / g
        points = values[np.minimum(np.searchsorted(cumulative, targets), len(values) - 1)]
        points[-1] = values[-1]
        points = np.unique(points)
        return np.searchsorted(points[:-1], x, side="left"), len(points)
    cuts = np.asarray(cuts, dtype=float)
    if x.min() < cuts[0]:
        cuts = np.r_[x.min(), cuts]
    if x.max() > cuts.max():
        cuts = np.r_[cuts, x.max()]
    gap = np.min(np.diff(np.unique(np.r_[x, cuts]))) / 2
    edges = cuts - gap
    edges[-1] = cuts[-1]
    return np.searchsorted(edges, x, side="left") - 1, len(cuts) - 1


def _km_at(time: np.ndarray, event: np.ndarray, horizon: float) -> tuple[float, float]:
    """Kaplan–Meier survival at ``horizon`` and the Greenwood standard error of its
    log, read as ``groupkm`` reads them: at the last time up to ``horizon + 1e-6``;
    both NaN when follow-up ends before the horizon while survival is above 0."""
    curve = _curve(time, event, 1.0, "log")
    times = curve["time"].to_numpy()
    row = np.searchsorted(times, horizon + 1e-6, side="right") - 1
    if row < 0:
        return 1.0, 0.0
    surv = float(curve["surv"].iloc[row])
    if horizon > times[-1] + 1e-6 and surv > 0:
        return np.nan, np.nan
    return surv, (np.nan if surv == 0 else float(curve["se_cumhaz"].iloc[row]))


def km_interval(observed: np.ndarray, std_err: np.ndarray, conf_level: float = 0.95):
    """``groupkm``'s interval: ``observed * exp(-/+ z std_err)``, capped at 1, and 0
    where the survival is 0."""
    spread = np.exp(stats.norm.ppf((1 + conf_level) / 2) * std_err)
    with np.errstate(invalid="ignore"):
        lower = np.where(observed == 0, 0.0, observed / spread)
        upper = np.where(observed == 0, 0.0, np.minimum(1.0, observed * spread))
    return lower, upper


def group_km(time: np.ndarray, event: np.ndarray, prob: np.ndarray, horizon: float,
             groups: int | None = None, cuts: np.ndarray | None = None) -> pd.DataFrame:
    """``rms::groupkm``'s table for checked inputs: ``predicted, n, events,
    observed, std_err`` per ``cut2`` group; a group of fewer than 2 patients has
    ``n = events = 0`` and no estimate (its ``predicted`` is its one value, if any)."""
    prob = np.where(np.abs(prob) < 1e-10, 0.0, prob)
    group, k = cut2_groups(prob, groups, cuts)
    rows = []
    for i in range(k):
        members = group == i
        size = int(members.sum())
        if size < 2:
            rows.append((prob[members].mean() if size == 1 else np.nan, 0, 0, np.nan, np.nan))
            continue
        observed, std_err = _km_at(time[members], event[members], horizon)
        rows.append((prob[members].mean(), size, int(event[members].sum()), observed, std_err))
    return pd.DataFrame(rows, columns=["predicted", "n", "events", "observed", "std_err"])


def survival_calibration(time, event, surv_prob, horizon: float, groups: int | None = 5,
                         cuts=None, conf_level: float = 0.95) -> pd.DataFrame:
    """Predicted against Kaplan–Meier observed survival at ``horizon``, by risk group.

    Patients are grouped by their predicted survival; in each group the mean
    prediction is set against the group's Kaplan–Meier survival at the horizon,
    with a log-scale confidence interval.

    Parameters
    ----------
    time, event : array-like
        Follow-up and event indicator.
    surv_prob : array-like of float
        Each patient's predicted probability of being event-free at
        ``horizon`` (e.g. ``CoxPH.predict_survival``), in [0, 1].
    horizon : float
        The time ``u`` at which survival is judged; within the follow-up.
    groups : int, default 5
        Number of quantile groups (``cut2(g =)``; ties may give fewer).
    cuts : array-like of float, optional
        Explicit cut points instead (``cut2(cuts =)``), e.g. ``calibrate.cph``'s
        ``unique(quantile(c(0, 1, surv), seq(0, 1, length = g + 1)))``.
    conf_level : float, default 0.95

    Returns
    -------
    DataFrame
        One row per group: ``predicted`` (mean prediction), ``n``, ``events``
        (over the whole follow-up, as ``groupkm`` counts them),
        ``observed`` (Kaplan–Meier at the horizon), ``std_err`` (of log
        survival, Greenwood; NaN where the survival is 0), ``ci_lower``,
        ``ci_upper``. A group with fewer
        than 2 patients, or whose follow-up ends before the horizon while its
        survival is above 0, has no estimate (NaN, with a warning).

    Notes
    -----
    Matches ``rms::groupkm(surv_prob, Surv(time, event), g =, u =)`` (or
    ``cuts =``; rms 6.5-0 with Hmisc 4.8-0's ``cut2`` groups) to 1e-10; the
    interval is ``observed * exp(-/+ z std_err)`` capped at 1, as ``groupkm``
    draws it. This is the observed curve of ``rms::calibrate.cph(cmethod =
    "KM", u =)`` before its bootstrap correction.

    Examples
    --------
    >>> table = survival_calibration([2, 4, 5, 7, 8, 9, 11, 12], [1, 1, 0, 1, 0, 1, 0, 0],
    ...                              [.3, .4, .5, .6, .7, .8, .85, .9], horizon=6, groups=2)
    >>> table[["n", "events"]].values.tolist()
    [[4, 3], [4, 1]]
    """
    from radstats.metrics.calibration import check_probabilities

    outcome = Surv(time, event)
    prob = check_probabilities(surv_prob, "surv_prob")
    check_same_length(time=outcome.time, surv_prob=prob)
    horizon = float(horizon)
    last = outcome.time.max()
    if horizon > last:
        raise InputError(f"`horizon` {horizon:g} is beyond the last follow-up ({last:g})")
    if cuts is None:
        check_int(groups, "groups")
    table = group_km(outcome.time, outcome.event, prob, horizon, groups,
                     None if cuts is None else as_float_vector(cuts, "cuts"))
    missing = table.index[table["observed"].isna()].tolist()
    if missing:
        warnings.warn(f"group(s) {[m + 1 for m in missing]} have no Kaplan–Meier estimate at "
                      f"{horizon:g} (fewer than 2 patients, or follow-up ending before it)",
                      stacklevel=2)
    table["ci_lower"], table["ci_upper"] = km_interval(table["observed"].to_numpy(),
                                                      table["std_err"].to_numpy(), conf_level)
    return table
