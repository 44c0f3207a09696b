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
