"""One-feature-at-a-time screens with false-discovery-rate control."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

import dataclasses

from radstats._core.errors import InputError
from radstats._core.results import Result
from radstats._core.validation import as_frame
from radstats.logistic import Logit
from radstats.survival import CoxPH, Surv


def bh_adjust(pvalues) -> np.ndarray:
    """Benjamini–Hochberg q-values, as ``p.adjust(p, method = "BH")`` (NaN kept)."""
    p = np.asarray(pvalues, dtype=float)
    q = np.full_like(p, np.nan)
    known = ~np.isnan(p)
    if known.any():
        q[known] = stats.false_discovery_control(p[known], method="bh")
    return q


def _univariate(estimator, X, y) -> pd.DataFrame:
    frame = as_frame(X)
    rows = []
    for column in frame.columns:
        summary = estimator.fit(frame[[column]], y).summary()
        rows.append(summary.drop(index="(Intercept)", errors="ignore").assign(feature=column))
    table = pd.concat(rows)
    table.insert(0, "feature", table.pop("feature"))
    table["q"] = bh_adjust(table["p"])
    return table


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
    return _univariate(CoxPH(ties=ties, alpha=alpha), X, y)


def univariate_logit(X, y, alpha: float = 0.05) -> pd.DataFrame:
    """Fit one logistic model per feature.

    Returns one row per term (intercepts left out): ``feature, coef, or, se, z,
    p, or_lower, or_upper, q`` (``q``: Benjamini–Hochberg over all rows).

    Notes
    -----
    Matches ``glm(y ~ feature, family = binomial)`` feature by feature (R 4.2.2;
    coef 1e-6, se 1e-5) and ``p.adjust(p, "BH")``.

    Examples
    --------
    >>> import pandas as pd
    >>> X = pd.DataFrame({"dose": [1, 2, 3, 4, 5, 6, 7, 8], "age": [5, 3, 6, 2, 7, 4, 8, 1]})
    >>> univariate_logit(X, [0, 0, 1, 0, 1, 0, 1, 1]).index.tolist()
    ['dose', 'age']
    """
    return _univariate(Logit(alpha=alpha), X, y)


def univariate_table(X, y, alpha: float = 0.05) -> pd.DataFrame:
    """Univariable screen of every column: Cox when ``y`` is a :class:`Surv`,
    logistic otherwise (see :func:`univariate_cox`, :func:`univariate_logit`).

    Examples
    --------
    >>> from radstats.datasets import load_lung
    >>> lung = load_lung().dropna(subset=["ph.ecog"])
    >>> y = Surv(lung["time"], lung["status"] == 2)
    >>> univariate_table(lung[["age", "ph.ecog"]], y)["hr"].round(3).tolist()
    [1.019, 1.61]
    """
    if isinstance(y, Surv):
        return univariate_cox(X, y, alpha=alpha)
    return univariate_logit(X, y, alpha=alpha)


@dataclasses.dataclass(frozen=True, repr=False)
class MultivariableResult(Result):
    """The seed studies' workflow: a univariable screen, then one model of the
    features that passed it.

    ``table`` has one row per term of the screen: the univariable ratio, CI and
    p (``uni_*``) and, for terms in the model, the multivariable ones (``multi_*``).
    """

    univariate: pd.DataFrame
    selected: list
    model: object
    table: pd.DataFrame
    meta: dict = dataclasses.field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        return self.table


def multivariable(X, y, threshold: float = 0.05, alpha: float = 0.05,
                  adjust: str | None = None) -> MultivariableResult:
    """Screen every column univariably, then fit the ones with p < ``threshold`` jointly.

    Parameters
    ----------
    X : DataFrame
        Candidate variables (categorical columns enter as a whole: a factor is
        selected when any of its levels passes).
    y : Surv or array-like of {0, 1}
        Outcome: Cox models for :class:`Surv`, logistic otherwise.
    threshold : float, default 0.05
        Univariable p-value (or q-value with ``adjust="bh"``) below which a
        variable enters the multivariable model.
    alpha : float, default 0.05
        Level of the confidence intervals.
    adjust : {None, "bh"}
        Screen on Benjamini–Hochberg q-values instead of p-values.

    Returns
    -------
    MultivariableResult
        ``univariate`` table, ``selected`` columns, the fitted ``model`` (None when
        nothing passes) and the side-by-side ``table``.

    Notes
    -----
    Each model is a :class:`~radstats.survival.CoxPH` or
    :class:`~radstats.logistic.Logit`, whose parity with ``coxph`` and ``glm``
    is proven on their own; this function only chooses what to fit.

    Examples
    --------
    >>> from radstats.datasets import load_lung
    >>> lung = load_lung().dropna(subset=["ph.ecog", "wt.loss"])
    >>> y = Surv(lung["time"], lung["status"] == 2)
    >>> multivariable(lung[["age", "sex", "ph.ecog", "wt.loss"]], y).selected
    ['age', 'sex', 'ph.ecog']
    """
    if adjust not in (None, "bh"):
        raise InputError(f"`adjust` must be None or 'bh', got {adjust!r}")
    frame = as_frame(X)
    univariate = univariate_table(frame, y, alpha=alpha)
    ratio = "hr" if isinstance(y, Surv) else "or"
    screened = univariate["q" if adjust else "p"] < threshold
    selected = [c for c in frame.columns if screened[univariate["feature"] == c].any()]
    model = None
    uni = univariate[["feature", ratio, f"{ratio}_lower", f"{ratio}_upper", "p"]].rename(
        columns={ratio: "uni_ratio", f"{ratio}_lower": "uni_lower", f"{ratio}_upper": "uni_upper",
                 "p": "uni_p"})
    table = uni.assign(multi_ratio=np.nan, multi_lower=np.nan, multi_upper=np.nan, multi_p=np.nan)
    if selected:
        estimator = CoxPH(alpha=alpha) if isinstance(y, Surv) else Logit(alpha=alpha)
        model = estimator.fit(frame[selected], y)
        summary = model.summary().drop(index="(Intercept)", errors="ignore")
        table.loc[summary.index, ["multi_ratio", "multi_lower", "multi_upper", "multi_p"]] = (
            summary[[ratio, f"{ratio}_lower", f"{ratio}_upper", "p"]].to_numpy())
    return MultivariableResult(univariate, selected, model, table,
                               meta={"method": "univariable screen -> multivariable",
                                     "threshold": threshold, "ratio": ratio, "adjust": adjust})


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
    constant = list(frame.columns[(frame.nunique() <= 1).to_numpy()])
    if constant:
        raise InputError(f"column(s) {constant} are constant: no test applies (R's t.test stops "
                         "with 'data are essentially constant'); drop them")
    second = (labels == levels[1]).to_numpy()
    rows = {}
    for column in frame.columns:
        values = frame[column].to_numpy(float)
        rows[column] = _compare(values[~second], values[second], test, normality_alpha)
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "feature"
    table["q"] = bh_adjust(table["p"])
    return table


def shapiro_p(values: np.ndarray) -> float:
    """Shapiro–Wilk p as R's ``shapiro.test``; NaN where R refuses (n < 3, n > 5000, constant)."""
    if 3 <= len(values) <= 5000 and np.ptp(values) > 0:
        return float(stats.shapiro(values).pvalue)
    return np.nan


def two_sample_test(a: np.ndarray, b: np.ndarray, test: str) -> dict:
    """``t.test``/``wilcox.test`` of ``a`` against ``b`` with R's defaults (``test`` not "auto").

    Returns ``difference, ci_lower, ci_upper, statistic, df, p, exact`` (R's sign
    conventions; see :func:`univariate_test`).
    """
    if test == "mannwhitney":
        # R's default: exact p when both groups have < 50 values and there are no ties.
        exact = len(a) < 50 and len(b) < 50 and len(np.unique(np.r_[a, b])) == len(a) + len(b)
        result = stats.mannwhitneyu(a, b, alternative="two-sided", use_continuity=True,
                                    method="exact" if exact else "asymptotic")
        return dict(difference=np.median(a) - np.median(b), ci_lower=np.nan, ci_upper=np.nan,
                    statistic=result.statistic, df=np.nan, p=result.pvalue, exact=exact)
    result = stats.ttest_ind(a, b, equal_var=(test == "t"))
    ci = result.confidence_interval(0.95)
    return dict(difference=a.mean() - b.mean(), ci_lower=ci.low, ci_upper=ci.high,
                statistic=result.statistic, df=result.df, p=result.pvalue, exact=np.nan)


def _compare(a: np.ndarray, b: np.ndarray, test: str, normality_alpha: float) -> dict:
    shapiro = [shapiro_p(v) for v in (a, b)]
    if test == "auto":
        normal = all(p > normality_alpha for p in shapiro)
        test = "welch" if normal else "mannwhitney"
    row = {"test": test, "mean_0": a.mean(), "mean_1": b.mean(),
           "median_0": np.median(a), "median_1": np.median(b),
           "shapiro_p_0": shapiro[0], "shapiro_p_1": shapiro[1]}
    result = two_sample_test(a, b, test)
    del result["df"]
    row.update(result)
    return row
