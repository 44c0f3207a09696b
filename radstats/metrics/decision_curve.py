"""Decision-curve analysis for a binary outcome."""

from __future__ import annotations

import numpy as np
import pandas as pd

from radstats._core.errors import InputError
from radstats._core.validation import as_float_vector, check_same_length
from radstats.metrics.calibration import binary_predictions
from radstats.survival.surv import Surv


def decision_curve(y, prob, thresholds=None) -> pd.DataFrame:
    """Net benefit of treating by the model, by all and by none, per threshold.

    A patient is treated when ``prob >= threshold``. With ``n`` patients,

        net_benefit = TP / n - FP / n * t / (1 - t)
        treat_all   = prevalence - (1 - prevalence) * t / (1 - t)
        treat_none  = 0

    Parameters
    ----------
    y : array-like of {0, 1}
        Observed outcome (1 = event).
    prob : array-like of float
        Predicted probability of the event, in [0, 1].
    thresholds : array-like of float, optional
        Threshold probabilities in [0, 1); default ``0, 0.01, ..., 0.99``.

    Returns
    -------
    DataFrame
        ``threshold, net_benefit, treat_all, treat_none, tp_rate, fp_rate``
        (``tp_rate = TP / n``, ``fp_rate = FP / n``).

    Notes
    -----
    Matches ``dcurves::dca(y ~ prob, thresholds =)`` (0.4.0) net benefits, whose
    definitions the reference script writes in base R (dcurves is not in
    Debian), to 1e-12.

    Examples
    --------
    >>> dc = decision_curve([0, 1, 1, 0, 1], [0.2, 0.7, 0.4, 0.5, 0.9], thresholds=[0.3])
    >>> dc.loc[0, ["net_benefit", "treat_all"]].astype(float).round(4).tolist()
    [0.5143, 0.4286]
    """
    outcome, prob = binary_predictions(y, prob)
    t = np.arange(100) / 100 if thresholds is None else as_float_vector(thresholds, "thresholds")
    if ((t < 0) | (t >= 1)).any():
        raise InputError("`thresholds` must lie in [0, 1)")
    treated = prob[None, :] >= t[:, None]
    n = len(outcome)
    tp_rate = (treated & outcome).sum(axis=1) / n
    fp_rate = (treated & ~outcome).sum(axis=1) / n
    odds = t / (1 - t)
    prevalence = outcome.mean()
    return pd.DataFrame({
        "threshold": t,
        "net_benefit": tp_rate - fp_rate * odds,
        "treat_all": prevalence - (1 - prevalence) * odds,
        "treat_none": 0.0,
        "tp_rate": tp_rate,
        "fp_rate": fp_rate,
    })


def decision_curve_survival(time, event, prob, horizon: float, thresholds=None) -> pd.DataFrame:
    """Net benefit at a horizon for a survival outcome, Kaplan–Meier based.

    A patient is treated when ``prob >= threshold``, ``prob`` being the predicted
    probability of the event by ``horizon``. Among the treated, the event risk
    by the horizon is ``1 - S_KM(horizon)``; with ``P+`` the share treated,

        net_benefit = risk_treated P+ - (1 - risk_treated) P+ t / (1 - t)
        treat_all   = risk_all - (1 - risk_all) t / (1 - t)

    Parameters
    ----------
    time, event : array-like
        Follow-up and event indicator.
    prob : array-like of float
        Predicted probability of the event by ``horizon``, in [0, 1].
    horizon : float
        Time at which the benefit is judged.
    thresholds : array-like of float, optional
        Threshold probabilities in [0, 1); default ``0, 0.01, ..., 0.99``.

    Returns
    -------
    DataFrame
        ``threshold, net_benefit, treat_all, treat_none, tp_rate, fp_rate``.

    Notes
    -----
    Matches dcurves' survival ``dca(Surv(time, event) ~ prob, time = horizon)``
    (0.4.0) definitions, written in base R with ``survfit`` and
    ``summary(times = horizon, extend = TRUE)`` in the reference script (dcurves
    is not in Debian), to 1e-12. No treated patient gives a net benefit of 0.

    Examples
    --------
    >>> dc = decision_curve_survival([2, 5, 7, 9, 12], [1, 1, 0, 1, 0],
    ...                              [.8, .6, .2, .4, .1], horizon=8, thresholds=[0.3])
    >>> dc["net_benefit"].round(4).tolist()
    [0.3143]
    """
    from radstats.metrics.calibration import check_probabilities
    from radstats.survival import kaplan_meier

    outcome = Surv(time, event)
    prob = check_probabilities(prob)
    check_same_length(time=outcome.time, prob=prob)
    t = np.arange(100) / 100 if thresholds is None else as_float_vector(thresholds, "thresholds")
    if ((t < 0) | (t >= 1)).any():
        raise InputError("`thresholds` must lie in [0, 1)")

    def risk_by_horizon(rows):
        at = kaplan_meier(outcome.time[rows], outcome.event[rows]).at([horizon], extend=True)
        return 1 - float(at["surv"].iloc[0])

    everyone = np.ones(len(prob), dtype=bool)
    if not (outcome.event & (outcome.time <= horizon)).any():
        raise InputError(f"no events by the horizon {horizon:g}")
    risk_all = risk_by_horizon(everyone)
    tp_rate, fp_rate = np.zeros(len(t)), np.zeros(len(t))
    for i, threshold in enumerate(t):
        treated = prob >= threshold
        if treated.any() and (outcome.event[treated]).any():
            risk = risk_by_horizon(treated)
        else:
            risk = 0.0
        share = treated.mean()
        tp_rate[i], fp_rate[i] = risk * share, (1 - risk) * share
    odds = t / (1 - t)
    return pd.DataFrame({
        "threshold": t, "net_benefit": tp_rate - fp_rate * odds,
        "treat_all": risk_all - (1 - risk_all) * odds, "treat_none": 0.0,
        "tp_rate": tp_rate, "fp_rate": fp_rate,
    })
