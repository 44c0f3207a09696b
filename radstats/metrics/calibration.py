"""Calibration of predicted probabilities for a binary outcome."""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pandas as pd
from scipy import stats

from radstats._core.errors import InputError
from radstats._core.results import Result
from radstats._core.validation import as_binary_outcome, as_float_vector, check_int, check_same_length


@dataclasses.dataclass(frozen=True, repr=False)
class HosmerLemeshowResult(Result):
    """Hosmer–Lemeshow goodness-of-fit test; ``table`` holds observed and expected
    counts per risk group (``observed_0, observed_1, expected_0, expected_1``)."""

    statistic: float
    df: int
    pvalue: float
    table: pd.DataFrame
    meta: dict = dataclasses.field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        return self.table


def check_probabilities(prob, name: str = "prob") -> np.ndarray:
    """Return ``prob`` as floats, rejecting values outside [0, 1] by position."""
    values = as_float_vector(prob, name)
    outside = (values < 0) | (values > 1)
    if outside.any():
        position = int(np.flatnonzero(outside)[0])
        raise InputError(f"`{name}` must lie in [0, 1]; found {values[position]:g} at position {position}")
    return values


def binary_predictions(y, prob) -> tuple[np.ndarray, np.ndarray]:
    """Checked ``(outcome as bool, probabilities)`` of equal length."""
    outcome = as_binary_outcome(y, "calibration needs events and non-events")
    prob = check_probabilities(prob)
    check_same_length(y=outcome, prob=prob)
    return outcome, prob


def _quantile_groups(prob: np.ndarray, g: int) -> tuple[np.ndarray, np.ndarray]:
    """``(group, breaks)``: each probability's risk group (0-based) among the ``g``
    quantile groups, as ``cut(prob, unique(quantile(prob, 0:g / g)), include.lowest =
    TRUE)`` (fewer groups where tied probabilities repeat a quantile)."""
    breaks = np.unique(np.quantile(prob, np.linspace(0, 1, g + 1)))
    return np.maximum(np.searchsorted(breaks, prob, side="left"), 1) - 1, breaks


def hosmer_lemeshow(y, prob, g: int = 10) -> HosmerLemeshowResult:
    """Hosmer–Lemeshow test with groups at the quantiles of the predicted risk.

    Parameters
    ----------
    y : array-like of {0, 1}
        Observed outcome (1 = event).
    prob : array-like of float
        Predicted probability of the event, in [0, 1].
    g : int, default 10
        Number of risk groups requested.

    Returns
    -------
    HosmerLemeshowResult
        ``statistic`` (chi-square), ``df = g - 2``, ``pvalue`` and the group ``table``.

    Notes
    -----
    Matches ``ResourceSelection::hoslem.test(y, prob, g)`` (0.3-6), whose
    algorithm the reference script writes in base R (ResourceSelection is not
    in Debian): breaks are the unique type-7 quantiles of ``prob`` at
    ``0, 1/g, ..., 1``, groups are ``cut(include.lowest = TRUE)``, and the
    statistic sums ``(O - E)^2 / E`` over events and non-events. When tied
    probabilities leave fewer than ``g`` distinct breaks, fewer groups are
    formed and a warning says so; like ``hoslem.test``, ``df`` stays ``g - 2``.
    Statistic and p-value to 1e-10.

    Examples
    --------
    >>> y = [0, 0, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1]
    >>> p = [.1, .2, .3, .3, .5, .6, .4, .7, .8, .2, .9, .6]
    >>> hosmer_lemeshow(y, p, g=4).df
    2
    """
    outcome, prob = binary_predictions(y, prob)
    outcome = outcome.astype(float)
    if g < 3:
        raise InputError(f"`g` must be at least 3 (df = g - 2), got {g}")
    group, breaks = _quantile_groups(prob, g)
    groups = len(breaks) - 1
    if groups < g:
        warnings.warn(
            f"only {groups} distinct risk groups from {g} requested (tied probabilities give "
            f"repeated quantiles); df stays g - 2 = {g - 2} as in hoslem.test", stacklevel=2)
    if groups < 1:
        raise InputError("`prob` is constant: no risk groups can be formed")
    observed_1 = np.bincount(group, weights=outcome, minlength=groups)
    expected_1 = np.bincount(group, weights=prob, minlength=groups)
    size = np.bincount(group, minlength=groups)
    observed = np.column_stack((size - observed_1, observed_1))
    expected = np.column_stack((size - expected_1, expected_1))
    with np.errstate(divide="ignore", invalid="ignore"):
        statistic = float(np.sum((observed - expected) ** 2 / expected))
    labels = [f"({lo:.3g}, {hi:.3g}]" for lo, hi in zip(breaks[:-1], breaks[1:])]
    table = pd.DataFrame(np.column_stack((observed, expected)), index=pd.Index(labels, name="group"),
                         columns=["observed_0", "observed_1", "expected_0", "expected_1"])
    return HosmerLemeshowResult(statistic, g - 2, float(stats.chi2.sf(statistic, g - 2)), table,
                                meta={"method": "Hosmer-Lemeshow", "g": g, "groups": groups})


@dataclasses.dataclass(frozen=True, repr=False)
class CalibrationStats(Result):
    """Calibration and discrimination of predicted probabilities (``rms::val.prob``).

    ``intercept`` and ``slope`` are the logistic recalibration ``y ~ a + b logit(p)``
    (ideal 0 and 1); ``eavg``, ``e90`` and ``emax`` are the mean, 90th percentile
    and maximum of ``|p - smoothed observed|`` with LOWESS (``iter = 0``);
    ``brier`` is ``mean((p - y)^2)``; ``c_index`` is the AUC and ``dxy = 2 (C - 1/2)``.
    """

    intercept: float
    slope: float
    eavg: float
    e90: float
    emax: float
    brier: float
    c_index: float
    dxy: float
    n: int
    meta: dict = dataclasses.field(default_factory=dict)


def calibration_stats(y, prob) -> CalibrationStats:
    """Calibration intercept and slope, smoothed calibration errors, Brier and C.

    Parameters
    ----------
    y : array-like of {0, 1}
        Observed outcome (1 = event).
    prob : array-like of float
        Predicted probability of the event, in [0, 1].

    Returns
    -------
    CalibrationStats

    Notes
    -----
    Matches ``rms::val.prob(prob, y, pl = FALSE)`` (rms 6.5-0): Intercept,
    Slope (its ``lrm.fit(logit, y)``, 1e-6), Eavg, E90, Emax (``lowess(p, y,
    iter = 0)`` then ``approx(ties = mean)``, 1e-8), Brier, C (ROC) and Dxy
    (1e-10). LOWESS is radstats' own implementation of R's algorithm
    (:mod:`radstats.metrics._lowess`), equal to R's to about 1e-14.
    Probabilities of exactly 0 or 1 are left out of the recalibration fit with a
    warning, as ``val.prob`` does.

    Examples
    --------
    >>> res = calibration_stats([0, 1, 0, 1, 0, 1, 1, 0], [.1, .3, .6, .8, .4, .7, .5, .2])
    >>> round(res.brier, 4), round(res.c_index, 4)
    (0.18, 0.8125)
    """
    from radstats.logistic import Logit
    from radstats.metrics._lowess import lowess_at
    from radstats.metrics.roc import _Roc

    outcome, prob = binary_predictions(y, prob)
    outcome = outcome.astype(float)
    finite = (prob > 0) & (prob < 1)
    if not finite.all():
        warnings.warn(f"{int((~finite).sum())} observation(s) with probability 0 or 1 left out of "
                      "the logistic recalibration", stacklevel=2)
    logit = np.log(prob[finite] / (1 - prob[finite]))
    # Logit's own IRLS on the two-column matrix, without building a result
    (intercept, slope), *_, converged = Logit(epsilon=1e-12)._irls(
        np.column_stack((np.ones(len(logit)), logit)), outcome[finite])
    if not converged:
        warnings.warn("the logistic recalibration (intercept and slope) did not converge",
                      stacklevel=2)

    error = np.abs(prob - lowess_at(prob, outcome, prob))
    c_index = _Roc.from_data(outcome, prob, "<").placements()[0].mean()
    return CalibrationStats(
        intercept=float(intercept), slope=float(slope), eavg=float(error.mean()),
        e90=float(np.quantile(error, 0.9)), emax=float(error.max()),
        brier=float(np.mean((prob - outcome) ** 2)), c_index=float(c_index),
        dxy=float(2 * (c_index - 0.5)), n=len(prob),
        meta={"method": "val.prob", "smoother": "lowess(iter = 0)"},
    )


CURVE_METHODS = ("lowess", "bins")


def calibration_curve(y, prob, method: str = "lowess", n_bins: int = 10) -> pd.DataFrame:
    """Observed against predicted probability: a smoothed curve or risk groups.

    Parameters
    ----------
    y : array-like of {0, 1}
        Observed outcome (1 = event).
    prob : array-like of float
        Predicted probability of the event, in [0, 1].
    method : {"lowess", "bins"}, default "lowess"
        ``"lowess"``: R's ``lowess(prob, y, iter = 0)``, the nonparametric curve
        of ``rms::val.prob``; ``"bins"``: mean prediction and event rate in
        quantile groups.
    n_bins : int, default 10
        Groups for ``"bins"``: the unique type-7 quantiles of ``prob`` at
        ``0, 1/n_bins, ..., 1`` as edges, ``cut(include.lowest = TRUE)`` (the
        groups of :func:`hosmer_lemeshow`); tied probabilities give fewer groups.

    Returns
    -------
    DataFrame
        ``predicted, observed`` (sorted by ``predicted``), and ``n`` per group
        for ``"bins"``.

    Notes
    -----
    ``"lowess"`` matches ``lowess(prob, y, iter = 0)`` (R 4.2.2) to 1e-10;
    ``"bins"`` matches ``tapply(prob, cut(prob, unique(quantile(prob, seq(0,
    1, 1 / g))), include.lowest = TRUE), mean)`` and the same for ``y``, to
    1e-12 (both written in base R in the reference script).

    Examples
    --------
    >>> curve = calibration_curve([0, 0, 1, 1, 0, 1], [.1, .3, .4, .8, .2, .9],
    ...                           method="bins", n_bins=3)
    >>> curve["observed"].tolist()
    [0.0, 0.5, 1.0]
    """
    from radstats.metrics._lowess import lowess

    if method not in CURVE_METHODS:
        raise InputError(f"`method` must be one of {CURVE_METHODS}, got {method!r}")
    check_int(n_bins, "n_bins")
    outcome, prob = binary_predictions(y, prob)
    outcome = outcome.astype(float)
    if method == "lowess":
        predicted, observed = lowess(prob, outcome, iterations=0)
        return pd.DataFrame({"predicted": predicted, "observed": observed})
    group, _ = _quantile_groups(prob, n_bins)
    size = np.bincount(group)
    keep = size > 0
    return pd.DataFrame({
        "predicted": np.bincount(group, weights=prob)[keep] / size[keep],
        "observed": np.bincount(group, weights=outcome)[keep] / size[keep],
        "n": size[keep],
    })
