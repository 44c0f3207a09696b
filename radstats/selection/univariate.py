"""One-feature-at-a-time screens with false-discovery-rate control."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from radstats._core.errors import InputError
from radstats._core.validation import as_frame
from radstats.survival import CoxPH


def bh_adjust(pvalues) -> np.ndarray:
    """Benjamini–Hochberg q-values, as ``p.adjust(p, method = "BH")`` (NaN kept)."""
    p = np.asarray(pvalues, dtype=float)
    q = np.full_like(p, np.nan)
    known = ~np.isnan(p)
    if known.any():
        q[known] = stats.false_discovery_control(p[known], method="bh")
    return q


def univariate_cox(X, y, ties: str = "efron", alpha: float = 0.05) -> pd.DataFrame:
    """Fit one Cox model per feature.

    Parameters
    ----------
    X : DataFrame
        Candidate features (categorical columns get R's treatment coding: one
        row per level).
    y : Surv
        Outcome.
    ties : {"efron", "breslow"}
    alpha : float
        Level of the Wald intervals.

    Returns
    -------
    DataFrame
        One row per term: ``feature, coef, hr, se, z, p, hr_lower, hr_upper`` and
        ``q``, the Benjamini–Hochberg adjusted p over all rows.

    Notes
    -----
    Matches ``coxph(Surv(time, status) ~ feature)`` fitted feature by feature
    (survival 3.5-3; coef 1e-6, se 1e-5) and ``p.adjust(p, "BH")`` (1e-8).

    Examples
    --------
    >>> from radstats import Surv
    >>> from radstats.datasets import load_lung
    >>> lung = load_lung().dropna(subset=["ph.ecog"])
    >>> table = univariate_cox(lung[["age", "ph.ecog"]], Surv(lung["time"], lung["status"] == 2))
    >>> table.index.tolist()
    ['age', 'ph.ecog']
    """
    frame = as_frame(X)
    rows = []
    for column in frame.columns:
        summary = CoxPH(ties=ties, alpha=alpha).fit(frame[[column]], y).summary()
        rows.append(summary.assign(feature=column))
    table = pd.concat(rows)
    table.insert(0, "feature", table.pop("feature"))
    table["q"] = bh_adjust(table["p"])
    return table


_TESTS = ("auto", "t", "welch", "mannwhitney")


def univariate_test(X, group, test: str = "auto", normality_alpha: float = 0.05) -> pd.DataFrame:
    """Compare every feature between two groups.

    Parameters
    ----------
    X : DataFrame
        Numeric features.
    group : array-like
        Two groups (the first level in sorted/categorical order is the reference).
    test : {"auto", "t", "welch", "mannwhitney"}
        "auto" uses Welch's t-test when Shapiro–Wilk does not reject normality
        (p > ``normality_alpha``) in both groups, else the Mann–Whitney U test.
    normality_alpha : float, default 0.05

    Returns
    -------
    DataFrame
        Indexed by feature: ``test, mean_0, mean_1, median_0, median_1,
        shapiro_p_0, shapiro_p_1, difference, ci_lower, ci_upper, statistic, p,
        exact, q``. Signs follow R's formula interface (group 0 = reference):
        for t-tests ``difference`` is mean_0 - mean_1 with its 95% CI and
        ``statistic`` is t; for Mann–Whitney ``statistic`` is R's W (pairs where
        group 0 is larger), ``difference`` is median_0 - median_1 (no CI) and
        ``exact`` says whether the exact p was used. ``q``: Benjamini–Hochberg.

    Notes
    -----
    Matches ``t.test(x ~ g, var.equal =)`` and ``wilcox.test(x ~ g)`` with R's
    defaults (exact p when both groups have < 50 values and no ties, else the
    normal approximation with continuity and tie corrections), to 1e-10, and
    ``shapiro.test`` (Royston's algorithm, in SciPy) to 1e-6; R 4.2.2.

    Examples
    --------
    >>> import pandas as pd
    >>> X = pd.DataFrame({"size": [1.0, 2.1, 2.9, 4.2, 5.1, 6.3]})
    >>> univariate_test(X, [0, 0, 0, 1, 1, 1], test="welch")["test"].tolist()
    ['welch']
    """
    if test not in _TESTS:
        raise InputError(f"`test` must be one of {_TESTS}, got {test!r}")
    frame = as_frame(X)
    labels = pd.Series(np.asarray(group, dtype=object))
    if labels.isna().any():
        raise InputError(f"`group` has missing values, first at position {int(labels.isna().argmax())}")
    levels = (list(group.cat.categories) if isinstance(getattr(group, "dtype", None), pd.CategoricalDtype)
              else sorted(labels.unique()))
    levels = [lv for lv in levels if lv in set(labels)]
    if len(levels) != 2:
        raise InputError(f"`group` must have exactly two levels, found {levels}")
    if len(labels) != len(frame):
        raise InputError(f"X has {len(frame)} rows but `group` has {len(labels)}")
    second = (labels == levels[1]).to_numpy()
    rows = {}
    for column in frame.columns:
        values = frame[column].to_numpy(float)
        rows[column] = _compare(values[~second], values[second], test, normality_alpha)
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "feature"
    table["q"] = bh_adjust(table["p"])
    return table


def _compare(a: np.ndarray, b: np.ndarray, test: str, normality_alpha: float) -> dict:
    shapiro = [stats.shapiro(v).pvalue if 3 <= len(v) <= 5000 and np.ptp(v) > 0 else np.nan
               for v in (a, b)]
    if test == "auto":
        normal = all(p > normality_alpha for p in shapiro)
        test = "welch" if normal else "mannwhitney"
    row = {"test": test, "mean_0": a.mean(), "mean_1": b.mean(),
           "median_0": np.median(a), "median_1": np.median(b),
           "shapiro_p_0": shapiro[0], "shapiro_p_1": shapiro[1]}
    if test == "mannwhitney":
        # R's default: exact p when both groups have < 50 values and there are no ties.
        exact = len(a) < 50 and len(b) < 50 and len(np.unique(np.r_[a, b])) == len(a) + len(b)
        result = stats.mannwhitneyu(a, b, alternative="two-sided", use_continuity=True,
                                    method="exact" if exact else "asymptotic")
        row.update(difference=np.median(a) - np.median(b), ci_lower=np.nan, ci_upper=np.nan,
                   statistic=result.statistic, p=result.pvalue, exact=exact)
        return row
    result = stats.ttest_ind(a, b, equal_var=(test == "t"))
    ci = result.confidence_interval(0.95)
    row.update(difference=a.mean() - b.mean(), ci_lower=ci.low, ci_upper=ci.high,
               statistic=result.statistic, p=result.pvalue, exact=np.nan)
    return row
