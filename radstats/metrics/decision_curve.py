"""Decision-curve analysis for a binary outcome."""

from __future__ import annotations

import numpy as np
import pandas as pd

from radstats._core.errors import InputError
from radstats._core.validation import as_float_vector
from radstats.metrics.calibration import binary_predictions


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
